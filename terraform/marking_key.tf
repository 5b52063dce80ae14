################################################################################
# The marking key: the HMAC-SHA256 key that makes a marking provably scan's own
################################################################################

# The hashicorp/random provider is not required by this module: the value comes from Secrets Manager's
# GetRandomPassword. A data source is read again on every plan, so the stored value ignores later
# reads: the key is made once and kept (rotating it makes every earlier marking unverifiable, so the
# next delivery of those objects scans them again). Like any generated secret, it is in the state.
data "aws_secretsmanager_random_password" "marking_key" {
  password_length     = 64
  exclude_punctuation = true
}

locals {
  marking_key_in_secrets_manager = var.marking_key_store == "secretsmanager"
  marking_key_arn = (local.marking_key_in_secrets_manager
    ? aws_secretsmanager_secret.marking_key[0].arn
    : aws_ssm_parameter.marking_key[0].arn
  )

  # By name, known at plan time (the ARN of a secret is not); read in the function's own region.
  marking_key_name = local.marking_key_in_secrets_manager ? "${var.name}-marking-key" : "/${var.name}/marking-key"

  # Read once when scan (or the GPU service) starts.
  marking_environment = merge(
    local.marking_key_in_secrets_manager
    ? { VIRTUS_MARKING_KEY_SECRET = local.marking_key_name }
    : { VIRTUS_MARKING_KEY_PARAMETER = local.marking_key_name },
    {
      VIRTUS_ENFORCEMENT_MODE        = local.enforcement_mode
      VIRTUS_ENFORCEMENT_REAL_STATUS = var.enforcement_real_status
    },
  )
}

resource "aws_secretsmanager_secret" "marking_key" {
  count = local.marking_key_in_secrets_manager ? 1 : 0

  name                    = local.marking_key_name
  description             = "HMAC-SHA256 key of the verdict markings that ${var.name}-scan writes; only the scanning roles read it."
  kms_key_id              = var.marking_key_kms_key_arn
  recovery_window_in_days = var.marking_key_recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "marking_key" {
  count = local.marking_key_in_secrets_manager ? 1 : 0

  secret_id     = aws_secretsmanager_secret.marking_key[0].id
  secret_string = data.aws_secretsmanager_random_password.marking_key.random_password

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_ssm_parameter" "marking_key" {
  count = local.marking_key_in_secrets_manager ? 0 : 1

  name        = local.marking_key_name
  description = "HMAC-SHA256 key of the verdict markings that ${var.name}-scan writes; only the scanning roles read it."
  type        = "SecureString"
  key_id      = var.marking_key_kms_key_arn
  value       = data.aws_secretsmanager_random_password.marking_key.random_password

  tags = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}
