################################################################################
# Optional enforcement: a bucket policy on the scanned bucket built on scan's tags
################################################################################

locals {
  enforce = var.enforce_deny_fake_reads || var.enforce_deny_unscanned_reads || var.enforce_protect_tags

  status_tag_key = "s3:ExistingObjectTag/${var.tags_prefix}status"

  # Principals that must still read every object: admins, and the functions themselves.
  read_exempt_role_arns = distinct(concat(var.enforcement_admin_role_arns, [for r in aws_iam_role.this : r.arn], aws_iam_role.gpu_task[*].arn))

  # Principals that write the verdict tags: scan, and the GPU service's tasks when it exists.
  tagger_role_arns = concat([aws_iam_role.this["scan"].arn], aws_iam_role.gpu_task[*].arn)

  # Objects the trigger hands to scan (prefix x suffix): only those can ever be "not scanned yet".
  scanned_key_arns = [for f in local.scan_filters : "${local.bucket_arn}/${f.prefix}*${f.suffix}"]
}

data "aws_iam_policy_document" "enforcement" {
  dynamic "statement" {
    for_each = var.enforce_deny_fake_reads ? [true] : []

    content {
      sid       = "DenyReadingObjectsTaggedFake"
      effect    = "Deny"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "StringEquals"
        variable = local.status_tag_key
        values   = ["FAKE"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = local.read_exempt_role_arns
      }
    }
  }

  dynamic "statement" {
    for_each = var.enforce_deny_unscanned_reads ? [true] : []

    content {
      sid       = "DenyReadingObjectsNotScannedYet"
      effect    = "Deny"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = local.scanned_key_arns

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "Null"
        variable = local.status_tag_key
        values   = ["true"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = local.read_exempt_role_arns
      }
    }
  }

  # Once scanned, an object's tag set belongs to scan (PutObjectTagging replaces the whole set).
  dynamic "statement" {
    for_each = var.enforce_protect_tags ? [true] : []

    content {
      sid    = "DenyChangingTagsOfScannedObjects"
      effect = "Deny"
      actions = [
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging",
        "s3:DeleteObjectTagging",
        "s3:DeleteObjectVersionTagging",
      ]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "Null"
        variable = local.status_tag_key
        values   = ["false"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = local.tagger_role_arns
      }
    }
  }

  # Nobody but scan may write our tag keys, on upload or afterwards.
  dynamic "statement" {
    for_each = var.enforce_protect_tags ? [true] : []

    content {
      sid    = "DenyForgingVerdictTags"
      effect = "Deny"
      actions = [
        "s3:PutObject",
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging",
      ]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "ForAnyValue:StringLike"
        variable = "s3:RequestObjectTagKeys"
        values   = ["${var.tags_prefix}*"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = local.tagger_role_arns
      }
    }
  }
}

resource "aws_s3_bucket_policy" "enforcement" {
  count = local.enforce && var.create_bucket_policy ? 1 : 0

  bucket = var.bucket_name
  policy = data.aws_iam_policy_document.enforcement.json
}
