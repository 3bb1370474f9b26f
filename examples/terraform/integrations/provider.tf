# How Terraform reaches connect-emulator instead of AWS. Every example directory has this file.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = "us-east-1"

  # Any key and secret are accepted. A 12-digit access key is taken as the account id;
  # "test" is account 000000000000.
  access_key = "test"
  secret_key = "test"

  # Connect calls go to the emulator (./scripts/serve listens on port 4577).
  endpoints {
    connect = "http://127.0.0.1:4577"
  }

  # Without these two the provider calls the real STS and IAM before anything else, and fails.
  skip_credentials_validation = true # no sts:GetCallerIdentity to check the keys
  skip_requesting_account_id  = true # no STS or IAM call to learn the account id
  # Not needed with the keys above (they are found first), but if they are ever removed the
  # provider fails at once instead of trying the EC2 instance metadata service.
  skip_metadata_api_check = true
}
