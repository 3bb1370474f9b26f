# An instance and what it works with outside Connect: call recordings kept in S3, a Lambda
# function and a Lex bot its flows may call, a flow that calls the function, a custom
# vocabulary for Contact Lens, and a phone number claimed for the instance. Data sources read
# the integrations back.
#
# Nothing here reaches S3, Lambda or Lex: the emulator keeps the associations and checks their
# form (a Lambda function's ARN, a bot's name and Region), so the bucket, the function and the
# bot need not exist (against AWS, they must).
#
# Not here, because the AWS provider 5.100 has no resource for them: approved origins, and a
# phone number's association with a flow (the emulator implements both: the AWS CLI or an SDK
# can make them).

resource "aws_connect_instance" "centre" {
  identity_management_type = "CONNECT_MANAGED"
  instance_alias           = "my-integrated-centre" # unique across the emulator, as on AWS
  inbound_calls_enabled    = true
  outbound_calls_enabled   = true

  tags = {
    team = "support"
  }
}

locals {
  instance_id = aws_connect_instance.centre.id
}

# ---------------------------------------------------------------------------------------
# Call recordings go to S3: one storage configuration per resource type.

resource "aws_connect_instance_storage_config" "call_recordings" {
  instance_id   = local.instance_id
  resource_type = "CALL_RECORDINGS"

  storage_config {
    storage_type = "S3"
    s3_config {
      bucket_name   = "example-connect-recordings"
      bucket_prefix = "recordings"
    }
  }
}

# ---------------------------------------------------------------------------------------
# A Lambda function and a Lex (V1) bot the instance's flows may invoke.

resource "aws_connect_lambda_function_association" "lookup" {
  instance_id  = local.instance_id
  function_arn = "arn:aws:lambda:us-east-1:000000000000:function:customer-lookup"
}

resource "aws_connect_bot_association" "orders" {
  instance_id = local.instance_id
  lex_bot {
    name       = "OrderStatus"
    lex_region = "us-east-1"
  }
}

# ---------------------------------------------------------------------------------------
# A custom vocabulary: words Contact Lens should recognise in transcripts. Created
# asynchronously (CREATION_IN_PROGRESS, then ACTIVE); the provider waits for it.

resource "aws_connect_vocabulary" "products" {
  instance_id   = local.instance_id
  name          = "Product names"
  language_code = "en-US"
  content = join("\n", [
    "Phrase\tIPA\tSoundsLike\tDisplayAs",
    "Connectify\t\t\tConnectify",
    "Q-Ten\t\tqueue-ten\tQ10",
  ])

  tags = {
    team = "support"
  }
}

# ---------------------------------------------------------------------------------------
# A flow that uses the integrations: it asks the Lambda function about the caller, then thanks
# them and hangs up. (The number below is not attached to it: provider 5.100 has no resource
# for a phone number's flow association.)

resource "aws_connect_contact_flow" "inbound" {
  instance_id = local.instance_id
  name        = "Inbound"
  description = "Looks the caller up, thanks them and hangs up"
  type        = "CONTACT_FLOW"

  content = jsonencode({
    Version     = "2019-10-30"
    StartAction = "look-up"
    Actions = [
      {
        Identifier = "look-up"
        Type       = "InvokeLambdaFunction"
        Parameters = {
          LambdaFunctionARN          = aws_connect_lambda_function_association.lookup.function_arn
          InvocationTimeLimitSeconds = "3"
        }
        Transitions = {
          NextAction = "thank"
          Errors     = [{ NextAction = "thank", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier = "thank"
        Type       = "MessageParticipant"
        Parameters = { Text = "Thank you for calling." }
        Transitions = {
          NextAction = "hang-up"
          Errors     = [{ NextAction = "hang-up", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier  = "hang-up"
        Type        = "DisconnectParticipant"
        Parameters  = {}
        Transitions = {}
      },
    ]
  })
}

# ---------------------------------------------------------------------------------------
# A phone number claimed for the instance: the provider searches the available numbers of the
# country and type, claims the first, and waits until it is CLAIMED. Its description, like its
# country and type, cannot change: a new one claims another number.

resource "aws_connect_phone_number" "main_line" {
  target_arn   = aws_connect_instance.centre.arn
  country_code = "US"
  type         = "DID"
  description  = "Main support line"

  tags = {
    team = "support"
  }
}

# ---------------------------------------------------------------------------------------
# The integrations read back with data sources.

data "aws_connect_instance_storage_config" "call_recordings" {
  instance_id    = local.instance_id
  association_id = aws_connect_instance_storage_config.call_recordings.association_id
  resource_type  = "CALL_RECORDINGS"
}

data "aws_connect_lambda_function_association" "lookup" {
  instance_id  = local.instance_id
  function_arn = aws_connect_lambda_function_association.lookup.function_arn
}

data "aws_connect_bot_association" "orders" {
  instance_id = local.instance_id
  lex_bot {
    name = aws_connect_bot_association.orders.lex_bot[0].name
  }
}

data "aws_connect_vocabulary" "products" {
  instance_id = local.instance_id
  name        = aws_connect_vocabulary.products.name
}

# ---------------------------------------------------------------------------------------

output "instance_id" {
  value = local.instance_id
}

output "instance_arn" {
  value = aws_connect_instance.centre.arn
}

output "ids" {
  description = "The id of each resource made here, for the AWS CLI or an SDK"
  value = {
    storage_association = aws_connect_instance_storage_config.call_recordings.association_id
    vocabulary          = aws_connect_vocabulary.products.vocabulary_id
    inbound_flow        = aws_connect_contact_flow.inbound.contact_flow_id
    phone_number        = aws_connect_phone_number.main_line.id
  }
}

output "phone_number" {
  description = "The number claimed, in E.164"
  value       = aws_connect_phone_number.main_line.phone_number
}

output "read_back" {
  description = "What the data sources found"
  value = {
    recordings_bucket = data.aws_connect_instance_storage_config.call_recordings.storage_config[0].s3_config[0].bucket_name
    recordings_prefix = data.aws_connect_instance_storage_config.call_recordings.storage_config[0].s3_config[0].bucket_prefix
    function_arn      = data.aws_connect_lambda_function_association.lookup.function_arn
    bot_region        = data.aws_connect_bot_association.orders.lex_bot[0].lex_region
    vocabulary_state  = data.aws_connect_vocabulary.products.state
    vocabulary_id     = data.aws_connect_vocabulary.products.vocabulary_id
  }
}
