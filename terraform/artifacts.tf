################################################################################
# Artifacts bucket: function.zip and the model export directory
################################################################################

resource "aws_s3_bucket" "artifacts" {
  bucket        = var.artifacts_bucket_name
  bucket_prefix = var.artifacts_bucket_name == null ? "${var.name}-artifacts-" : null
  force_destroy = var.artifacts_bucket_force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.artifacts_kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.artifacts_kms_key_arn
    }
    bucket_key_enabled = var.artifacts_kms_key_arn != null
  }
}

data "aws_iam_policy_document" "artifacts" {
  count = var.artifacts_deny_insecure_transport ? 1 : 0

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.artifacts.arn,
      "${aws_s3_bucket.artifacts.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  count = var.artifacts_deny_insecure_transport ? 1 : 0

  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts[0].json

  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}

# The objects wait for versioning (the functions pin the package's version_id) and encryption.
# Changes are tracked with source_hash, not etag: the provider uploads files over 5 MiB in parts
# (the model, usually the zip) and SSE-KMS ETags are no MD5 either, so etag = filemd5 would
# never match.
resource "aws_s3_object" "package" {
  bucket      = aws_s3_bucket.artifacts.id
  key         = var.package_s3_key
  source      = var.function_zip_path
  source_hash = filemd5(var.function_zip_path)

  tags = var.tags

  depends_on = [
    aws_s3_bucket_versioning.artifacts,
    aws_s3_bucket_server_side_encryption_configuration.artifacts,
  ]
}

resource "aws_s3_object" "model" {
  for_each = local.model_files

  bucket      = aws_s3_bucket.artifacts.id
  key         = "${var.model_s3_prefix}/${each.key}"
  source      = "${var.model_directory}/${each.key}"
  source_hash = filemd5("${var.model_directory}/${each.key}")

  tags = var.tags

  depends_on = [
    aws_s3_bucket_versioning.artifacts,
    aws_s3_bucket_server_side_encryption_configuration.artifacts,
  ]
}
