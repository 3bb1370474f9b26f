# A contact centre: an instance, the resources every new instance comes with (found by name
# with data sources), and what a team adds to it: opening hours, queues, quick connects, a
# routing profile, a security profile, a user hierarchy, agents, a flow module and a contact
# flow. `terraform apply` makes it all; `terraform destroy` removes it all.
#
# Call-recording storage, a Lambda function, a Lex bot, a vocabulary and a claimed phone
# number are in ../integrations, a configuration of their own.

resource "aws_connect_instance" "centre" {
  identity_management_type = "CONNECT_MANAGED"   # users sign in with a password set here
  instance_alias           = "my-contact-centre" # unique across the emulator, as on AWS
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
# What the instance comes with, found by name (List, then Describe, as on AWS).

data "aws_connect_hours_of_operation" "basic" {
  instance_id = local.instance_id
  name        = "Basic Hours" # 24x7
}

data "aws_connect_queue" "basic" {
  instance_id = local.instance_id
  name        = "BasicQueue"
}

data "aws_connect_routing_profile" "basic" {
  instance_id = local.instance_id
  name        = "Basic Routing Profile"
}

data "aws_connect_security_profile" "agent" {
  instance_id = local.instance_id
  name        = "Agent"
}

data "aws_connect_contact_flow" "queue_transfer" {
  instance_id = local.instance_id
  name        = "Default queue transfer" # a QUEUE_TRANSFER flow, what a queue quick connect needs
}

data "aws_connect_contact_flow" "agent_transfer" {
  instance_id = local.instance_id
  name        = "Default agent transfer" # an AGENT_TRANSFER flow, for a user quick connect
}

data "aws_connect_contact_flow" "outbound_whisper" {
  instance_id = local.instance_id
  name        = "Default outbound" # what the customer hears on an outbound call
}

# ---------------------------------------------------------------------------------------
# Opening hours and queues.

resource "aws_connect_hours_of_operation" "office" {
  instance_id = local.instance_id
  name        = "Office hours"
  description = "Monday to Friday, 8:00 to 18:00"
  time_zone   = "Europe/London"

  dynamic "config" {
    for_each = toset(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"])
    content {
      day = config.value
      start_time {
        hours   = 8
        minutes = 0
      }
      end_time {
        hours   = 18
        minutes = 0
      }
    }
  }

  tags = {
    team = "support"
  }
}

resource "aws_connect_queue" "escalations" {
  instance_id           = local.instance_id
  name                  = "Escalations"
  description           = "Second-line support, around the clock"
  hours_of_operation_id = data.aws_connect_hours_of_operation.basic.hours_of_operation_id
  max_contacts          = 10
}

# Quick connects: agents on the Support queue hand a contact to Escalations, or to their team
# lead, with one click.
resource "aws_connect_quick_connect" "to_escalations" {
  instance_id = local.instance_id
  name        = "To escalations"
  description = "Transfer the contact to the Escalations queue"

  quick_connect_config {
    quick_connect_type = "QUEUE"
    queue_config {
      queue_id        = aws_connect_queue.escalations.queue_id
      contact_flow_id = data.aws_connect_contact_flow.queue_transfer.contact_flow_id
    }
  }
}

resource "aws_connect_quick_connect" "to_lead" {
  instance_id = local.instance_id
  name        = "To team lead"

  quick_connect_config {
    quick_connect_type = "USER"
    user_config {
      user_id         = aws_connect_user.lead.user_id
      contact_flow_id = data.aws_connect_contact_flow.agent_transfer.contact_flow_id
    }
  }
}

resource "aws_connect_queue" "support" {
  instance_id           = local.instance_id
  name                  = "Support"
  description           = "First-line support, in office hours"
  hours_of_operation_id = aws_connect_hours_of_operation.office.hours_of_operation_id
  max_contacts          = 50
  quick_connect_ids = [
    aws_connect_quick_connect.to_escalations.quick_connect_id,
    aws_connect_quick_connect.to_lead.quick_connect_id,
  ]

  outbound_caller_config {
    outbound_caller_id_name = "Example Support"
    outbound_flow_id        = data.aws_connect_contact_flow.outbound_whisper.contact_flow_id
  }

  tags = {
    team = "support"
  }
}

# ---------------------------------------------------------------------------------------
# How contacts reach agents: a routing profile over the queues.

resource "aws_connect_routing_profile" "support" {
  instance_id               = local.instance_id
  name                      = "Support agents"
  description               = "Support first, escalations next, then the basic queue"
  default_outbound_queue_id = aws_connect_queue.support.queue_id

  media_concurrencies {
    channel     = "VOICE"
    concurrency = 1
  }
  media_concurrencies {
    channel     = "CHAT"
    concurrency = 3
  }

  queue_configs {
    channel  = "VOICE"
    queue_id = aws_connect_queue.support.queue_id
    priority = 1
    delay    = 0
  }
  queue_configs {
    channel  = "CHAT"
    queue_id = aws_connect_queue.support.queue_id
    priority = 1
    delay    = 0
  }
  queue_configs {
    channel  = "VOICE"
    queue_id = aws_connect_queue.escalations.queue_id
    priority = 2
    delay    = 30
  }
  queue_configs {
    channel  = "VOICE"
    queue_id = data.aws_connect_queue.basic.queue_id
    priority = 3
    delay    = 60
  }
}

# ---------------------------------------------------------------------------------------
# Who may do what, and how agents are grouped.

resource "aws_connect_security_profile" "team_lead" {
  instance_id = local.instance_id
  name        = "TeamLead" # no rename on AWS: a new name replaces the profile
  description = "Agents who also look after their team"
  permissions = [
    "BasicAgentAccess",
    "OutboundCallAccess",
    "AccessMetrics",
    "Users.View",
  ]

  tags = {
    team = "support"
  }
}

resource "aws_connect_user_hierarchy_structure" "structure" {
  instance_id = local.instance_id

  hierarchy_structure {
    level_one {
      name = "Site"
    }
    level_two {
      name = "Team"
    }
  }
}

resource "aws_connect_user_hierarchy_group" "london" {
  instance_id = local.instance_id
  name        = "London"

  # A group's level comes from the structure: create the levels first.
  depends_on = [aws_connect_user_hierarchy_structure.structure]
}

resource "aws_connect_user_hierarchy_group" "london_support" {
  instance_id     = local.instance_id
  name            = "London support"
  parent_group_id = aws_connect_user_hierarchy_group.london.hierarchy_group_id # level two
}

# ---------------------------------------------------------------------------------------
# Agents.

resource "aws_connect_user" "agent" {
  instance_id          = local.instance_id
  name                 = "alex.agent"
  password             = "Agent-Passw0rd" # CONNECT_MANAGED users need one; it is never read back
  routing_profile_id   = aws_connect_routing_profile.support.routing_profile_id
  security_profile_ids = [data.aws_connect_security_profile.agent.security_profile_id]
  hierarchy_group_id   = aws_connect_user_hierarchy_group.london_support.hierarchy_group_id

  identity_info {
    first_name = "Alex"
    last_name  = "Agent"
    email      = "alex.agent@example.com"
  }

  phone_config {
    phone_type                    = "SOFT_PHONE"
    auto_accept                   = false
    after_contact_work_time_limit = 30
  }
}

resource "aws_connect_user" "lead" {
  instance_id        = local.instance_id
  name               = "sam.lead"
  password           = "Lead-Passw0rd"
  routing_profile_id = data.aws_connect_routing_profile.basic.routing_profile_id
  security_profile_ids = [
    data.aws_connect_security_profile.agent.security_profile_id,
    aws_connect_security_profile.team_lead.security_profile_id,
  ]
  hierarchy_group_id = aws_connect_user_hierarchy_group.london.hierarchy_group_id

  identity_info {
    first_name = "Sam"
    last_name  = "Lead"
  }

  phone_config {
    phone_type = "SOFT_PHONE"
  }

  tags = {
    team = "support"
  }
}

# ---------------------------------------------------------------------------------------
# What a caller hears: a flow module (a greeting any flow can invoke) and an inbound flow
# that plays it and puts the contact in the Support queue. The content is the flow language
# (https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html); the emulator
# checks what it can without running it: JSON, Version, StartAction, unique identifiers.

resource "aws_connect_contact_flow_module" "greeting" {
  instance_id = local.instance_id
  name        = "Greeting"
  description = "Welcomes the caller"

  content = jsonencode({
    Version     = "2019-10-30"
    StartAction = "welcome"
    Actions = [
      {
        Identifier = "welcome"
        Type       = "MessageParticipant"
        Parameters = { Text = "Thank you for calling." }
        Transitions = {
          NextAction = "done"
          Errors     = [{ NextAction = "done", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier  = "done"
        Type        = "EndFlowModuleExecution"
        Parameters  = {}
        Transitions = {}
      },
    ]
    Settings = {
      InputParameters  = []
      OutputParameters = []
      Transitions = [
        { DisplayName = "Success", ReferenceName = "Success", Description = "" },
        { DisplayName = "Error", ReferenceName = "Error", Description = "" },
      ]
    }
  })
}

resource "aws_connect_contact_flow" "inbound" {
  instance_id = local.instance_id
  name        = "Inbound support"
  description = "Greets the caller, then queues the contact for Support"
  type        = "CONTACT_FLOW"

  content = jsonencode({
    Version     = "2019-10-30"
    StartAction = "greet"
    Actions = [
      {
        Identifier = "greet"
        Type       = "InvokeFlowModule"
        Parameters = { FlowModuleId = aws_connect_contact_flow_module.greeting.contact_flow_module_id }
        Transitions = {
          NextAction = "set-queue"
          Errors     = [{ NextAction = "set-queue", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier = "set-queue"
        Type       = "UpdateContactTargetQueue"
        Parameters = { QueueId = aws_connect_queue.support.arn }
        Transitions = {
          NextAction = "transfer"
          Errors     = [{ NextAction = "hang-up", ErrorType = "NoMatchingError" }]
        }
      },
      {
        Identifier = "transfer"
        Type       = "TransferContactToQueue"
        Parameters = {}
        Transitions = {
          NextAction = "hang-up"
          Errors = [
            { NextAction = "hang-up", ErrorType = "QueueAtCapacity" },
            { NextAction = "hang-up", ErrorType = "NoMatchingError" },
          ]
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

  tags = {
    team = "support"
  }
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
    office_hours      = aws_connect_hours_of_operation.office.hours_of_operation_id
    support_queue     = aws_connect_queue.support.queue_id
    escalations_queue = aws_connect_queue.escalations.queue_id
    to_escalations    = aws_connect_quick_connect.to_escalations.quick_connect_id
    to_lead           = aws_connect_quick_connect.to_lead.quick_connect_id
    routing_profile   = aws_connect_routing_profile.support.routing_profile_id
    security_profile  = aws_connect_security_profile.team_lead.security_profile_id
    london_group      = aws_connect_user_hierarchy_group.london.hierarchy_group_id
    london_support    = aws_connect_user_hierarchy_group.london_support.hierarchy_group_id
    agent_user        = aws_connect_user.agent.user_id
    lead_user         = aws_connect_user.lead.user_id
    greeting_module   = aws_connect_contact_flow_module.greeting.contact_flow_module_id
    inbound_flow      = aws_connect_contact_flow.inbound.contact_flow_id
  }
}

output "defaults" {
  description = "The ids of the built-in resources the data sources found"
  value = {
    basic_hours         = data.aws_connect_hours_of_operation.basic.hours_of_operation_id
    basic_queue         = data.aws_connect_queue.basic.queue_id
    basic_routing       = data.aws_connect_routing_profile.basic.routing_profile_id
    agent_profile       = data.aws_connect_security_profile.agent.security_profile_id
    queue_transfer_flow = data.aws_connect_contact_flow.queue_transfer.contact_flow_id
    agent_transfer_flow = data.aws_connect_contact_flow.agent_transfer.contact_flow_id
    outbound_flow       = data.aws_connect_contact_flow.outbound_whisper.contact_flow_id
  }
}
