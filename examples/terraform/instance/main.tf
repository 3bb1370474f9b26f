# An Amazon Connect instance: created and waited for (ACTIVE), its attributes and tags
# changed in place, deleted and waited for.

resource "aws_connect_instance" "centre" {
  identity_management_type = "CONNECT_MANAGED"
  instance_alias           = "my-terraform-centre" # unique across the emulator, as on AWS
  inbound_calls_enabled    = true
  outbound_calls_enabled   = true

  # Instance attributes: changing one updates the instance, it does not replace it.
  contact_flow_logs_enabled = false
  contact_lens_enabled      = true
  early_media_enabled       = true

  tags = {
    team = "support"
  }
}

output "instance_id" {
  value = aws_connect_instance.centre.id
}

output "instance_arn" {
  value = aws_connect_instance.centre.arn
}

output "status" {
  value = aws_connect_instance.centre.status
}
