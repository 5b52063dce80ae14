################################################################################
# Optional enforcement: a bucket policy on the scanned bucket built on scan's tags
################################################################################

locals {
  # enforcement_mode wins; the older boolean enforce_deny_fake_reads still means deny_fake.
  enforcement_mode = var.enforcement_mode != "off" ? var.enforcement_mode : (var.enforce_deny_fake_reads ? "deny_fake" : "off")
  allow_real       = local.enforcement_mode == "allow_real"
  deny_fake        = local.enforcement_mode == "deny_fake"

  # An allow-list is only as good as the tags behind it: tag protection is part of it.
  protect_tags          = var.enforce_protect_tags || local.allow_real
  deny_unscanned_reads  = var.enforce_deny_unscanned_reads && !local.allow_real
  enforce               = local.enforcement_mode != "off" || local.deny_unscanned_reads || local.protect_tags || local.deny_unscannable_uploads
  enforced_object_arns  = var.enforcement_scope == "bucket" ? ["${local.bucket_arn}/*"] : local.scan_object_arns
  own_copy_source_names = ["${var.bucket_name}/*", "/${var.bucket_name}/*"]

  status_tag_key = "s3:ExistingObjectTag/${var.tags_prefix}status"

  # Principals that must still read every object: admins, and the functions themselves.
  read_exempt_role_arns = distinct(concat(var.enforcement_admin_role_arns, [for r in aws_iam_role.this : r.arn], aws_iam_role.gpu_task[*].arn))

  # Principals that write the verdict tags: scan, and the GPU service's tasks when it exists.
  tagger_role_arns = concat([aws_iam_role.this["scan"].arn], aws_iam_role.gpu_task[*].arn)

  # Objects the trigger hands to scan (prefix x suffix): only those can ever be "not scanned yet".
  scanned_key_arns = [for f in local.scan_filters : "${local.bucket_arn}/${f.prefix}*${f.suffix}"]
}

data "aws_iam_policy_document" "enforcement" {
  source_policy_documents = local.deny_unscannable_uploads ? [data.aws_iam_policy_document.unscannable_uploads.json] : []

  # Allow-list: readable only when scan judged the bytes of this version real. StringNotEquals is
  # also true when the object has no status tag at all (a key missing from the request context
  # makes negated operators true), so unscanned objects are covered without a Null condition.
  dynamic "statement" {
    for_each = local.allow_real ? [true] : []

    content {
      sid    = "DenyReadingObjectsNotTaggedReal"
      effect = "Deny"
      # The torrent actions also hand out the bytes; fail closed for them as well.
      actions = [
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectTorrent",
        "s3:GetObjectVersionTorrent",
      ]
      resources = local.enforced_object_arns

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "StringNotEquals"
        variable = local.status_tag_key
        values   = [var.enforcement_real_status]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = local.read_exempt_role_arns
      }
    }
  }

  # A copy from another bucket brings that bucket's tags along (tagging directive COPY) without
  # naming them in the request, so s3:RequestObjectTagKeys cannot catch a forged "REAL" there.
  dynamic "statement" {
    for_each = local.allow_real ? [true] : []

    content {
      sid       = "DenyCopyingObjectsFromOtherBuckets"
      effect    = "Deny"
      actions   = ["s3:PutObject"]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "Null"
        variable = "s3:x-amz-copy-source"
        values   = ["false"]
      }

      condition {
        test     = "StringNotLike"
        variable = "s3:x-amz-copy-source"
        values   = local.own_copy_source_names
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = local.read_exempt_role_arns
      }
    }
  }

  dynamic "statement" {
    for_each = local.deny_fake ? [true] : []

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
    for_each = local.deny_unscanned_reads ? [true] : []

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
    for_each = local.protect_tags ? [true] : []

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

  # Nobody but scan may write our tag keys, on upload or afterwards. CreateMultipartUpload and CopyObject
  # (tagging directive REPLACE) are authorized as s3:PutObject, so this statement covers their
  # x-amz-tagging too, as far as S3 fills s3:RequestObjectTagKeys from it (documented for PutObject,
  # PutObjectTagging and POST only). scan does not depend on it: a marking whose MAC does not verify
  # is scanned again and replaced.
  dynamic "statement" {
    for_each = local.protect_tags ? [true] : []

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

  # Replication writes objects and their tags as the source bucket's replication role: only the
  # replication roles named may replicate into the bucket.
  dynamic "statement" {
    for_each = local.protect_tags ? [true] : []

    content {
      sid       = "DenyReplicationByOthers"
      effect    = "Deny"
      actions   = ["s3:ReplicateObject", "s3:ReplicateTags"]
      resources = ["${local.bucket_arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = concat(local.tagger_role_arns, var.enforcement_replication_role_arns)
      }
    }
  }

  lifecycle {
    precondition {
      condition     = local.enforcement_mode == "off" || var.write_mode != "metadata"
      error_message = "enforcement_mode ${local.enforcement_mode} reads the verdict from object tags: write_mode \"metadata\" writes none. Use write_mode \"tags\" or \"both\"."
    }
  }
}

resource "aws_s3_bucket_policy" "enforcement" {
  count = local.enforce && var.create_bucket_policy ? 1 : 0

  bucket = var.bucket_name
  policy = data.aws_iam_policy_document.enforcement.json
}
