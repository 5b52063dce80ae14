################################################################################
# Uploads scan cannot read: denied on the scanned prefixes (bucket policy statements
# merged into enforcement.tf's document)
################################################################################

variable "deny_unscannable_uploads" {
  description = "Deny uploads that `scan` could never read, on the scanned prefixes (`scan_prefixes`, the whole bucket without any): PutObject, CopyObject and CreateMultipartUpload with SSE-C headers (`s3:x-amz-server-side-encryption-customer-algorithm` present) or an archive storage class (`s3:x-amz-storage-class` GLACIER or DEEP_ARCHIVE). Without the Deny such objects end `UNSUPPORTED` (final, counted as `ObjectsOutOfReach`). `null` follows `enforcement_mode`: on with `allow_real`, off otherwise. Not covered, because no request condition names them: SSE-KMS under a key `scan` may not use, lifecycle transitions to an archive class, and Intelligent-Tiering's archive tiers (bucket configuration); a completed restore is scanned (`s3:ObjectRestore:Completed`)."
  type        = bool
  default     = null
}

locals {
  deny_unscannable_uploads = coalesce(var.deny_unscannable_uploads, local.allow_real)
}

data "aws_iam_policy_document" "unscannable_uploads" {
  statement {
    sid       = "DenyUploadsEncryptedWithCustomerKeys"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = local.scan_object_arns

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption-customer-algorithm"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyUploadsToArchiveStorageClasses"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = local.scan_object_arns

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-storage-class"
      values   = ["GLACIER", "DEEP_ARCHIVE"]
    }
  }
}
