################################################################################
# One role per function, each with one inline policy built from a policy document
################################################################################

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.functions

  name                 = "${var.name}-${each.key}"
  description          = "Role of the ${var.name}-${each.key} Lambda function."
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json

  tags = var.tags
}

locals {
  model_object_arns = [for f in sort(tolist(local.model_files)) : "${aws_s3_bucket.artifacts.arn}/${var.model_s3_prefix}/${f}"]
  log_stream_arns   = { for k, g in aws_cloudwatch_log_group.this : k => "${g.arn}:log-stream:*" }
}

# What scanning needs of the scanned bucket and the model, whoever scans: the scan function or the GPU service.
data "aws_iam_policy_document" "scanned_objects" {
  statement {
    sid    = "ReadScannedObjects"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:GetObjectTagging",
      "s3:GetObjectVersionTagging",
    ]
    resources = local.scan_object_arns
  }

  # Without s3:ListBucket S3 answers 403 for a key that does not exist, so an object deleted before
  # its scan would look like a denied read and end in the dead-letter queue; with it, 404. S3 checks
  # this with the requested key as s3:prefix, so the grant is scoped to the scanned prefixes.
  statement {
    sid       = "ListScannedPrefixes"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]

    dynamic "condition" {
      for_each = length(var.scan_prefixes) > 0 ? [true] : []

      content {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = [for p in var.scan_prefixes : "${p}*"]
      }
    }
  }

  # Delete: a marking that landed on newer content of an unversioned key (overwritten while it was
  # being tagged) is taken off again.
  statement {
    sid    = "TagScannedObjects"
    effect = "Allow"
    actions = [
      "s3:PutObjectTagging",
      "s3:PutObjectVersionTagging",
      "s3:DeleteObjectTagging",
      "s3:DeleteObjectVersionTagging",
    ]
    resources = local.scan_object_arns
  }

  # The marking key, read once at start: this secret or parameter only.
  statement {
    sid       = "ReadMarkingKey"
    effect    = "Allow"
    actions   = local.marking_key_in_secrets_manager ? ["secretsmanager:GetSecretValue"] : ["ssm:GetParameter"]
    resources = [local.marking_key_arn]
  }

  dynamic "statement" {
    for_each = var.marking_key_kms_key_arn != null ? [true] : []

    content {
      sid       = "DecryptMarkingKey"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [var.marking_key_kms_key_arn]
    }
  }

  # allow_real: REAL is recorded only in a bucket whose versioning is Enabled, asked once per few minutes.
  dynamic "statement" {
    for_each = local.allow_real ? [true] : []

    content {
      sid       = "ReadBucketVersioning"
      effect    = "Allow"
      actions   = ["s3:GetBucketVersioning"]
      resources = [local.bucket_arn]
    }
  }

  # write_mode metadata/both: the verdict goes into user metadata by copying the object onto itself.
  dynamic "statement" {
    for_each = local.rewrites_objects ? [true] : []

    content {
      sid       = "RewriteScannedObjectsWithMetadata"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = local.scan_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.model_object_arns) > 0 ? [true] : []

    content {
      sid       = "ReadModel"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = local.model_object_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 ? [true] : []

    content {
      sid       = "DecryptScannedObjects"
      effect    = "Allow"
      actions   = local.rewrites_objects ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"]
      resources = var.kms_key_arns
    }
  }

  # Verdict events (events_enabled): PutEvents on that one bus, from scan and the GPU service alike.
  dynamic "statement" {
    for_each = local.events ? [true] : []

    content {
      sid       = "PublishVerdictEvents"
      effect    = "Allow"
      actions   = ["events:PutEvents"]
      resources = [local.events_bus_arn]
    }
  }

  dynamic "statement" {
    for_each = var.artifacts_kms_key_arn != null && var.model_source == "s3" ? [true] : []

    content {
      sid       = "DecryptModel"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [var.artifacts_kms_key_arn]
    }
  }
}

data "aws_iam_policy_document" "scan" {
  source_policy_documents = [data.aws_iam_policy_document.scanned_objects.json]

  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.log_stream_arns["scan"]]
  }

  statement {
    sid       = "SendFailedEventsToDeadLetterQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn]
  }
}

data "aws_iam_policy_document" "classify" {
  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.log_stream_arns["classify"]]
  }

  dynamic "statement" {
    for_each = length(local.model_object_arns) > 0 ? [true] : []

    content {
      sid       = "ReadModel"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = local.model_object_arns
    }
  }

  # s3Uri / bucket+key inputs: read only, and only the buckets named.
  dynamic "statement" {
    for_each = length(var.classify_readable_bucket_names) > 0 ? [true] : []

    content {
      sid       = "ReadImagesToClassify"
      effect    = "Allow"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = [for b in var.classify_readable_bucket_names : "arn:${local.partition}:s3:::${b}/*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 && length(var.classify_readable_bucket_names) > 0 ? [true] : []

    content {
      sid       = "DecryptImagesToClassify"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = var.kms_key_arns
    }
  }

  dynamic "statement" {
    for_each = var.artifacts_kms_key_arn != null && var.model_source == "s3" ? [true] : []

    content {
      sid       = "DecryptModel"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [var.artifacts_kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = local.functions

  name   = "${var.name}-${each.key}"
  role   = aws_iam_role.this[each.key].id
  policy = each.key == "scan" ? data.aws_iam_policy_document.scan.json : data.aws_iam_policy_document.classify.json
}
