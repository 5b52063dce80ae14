################################################################################
# GPU service (optional): instance role, task execution role, task role
################################################################################

locals {
  gpu_cluster_arn     = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:cluster/${var.name}-gpu"
  gpu_log_stream_arns = [for g in aws_cloudwatch_log_group.gpu : "${g.arn}:log-stream:*"]
}

data "aws_iam_policy_document" "gpu_assume_ec2" {
  statement {
    sid     = "EC2AssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "gpu_assume_ecs_tasks" {
  statement {
    sid     = "ECSTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# --- container instances: the ECS agent, on this cluster only --------------------------------

resource "aws_iam_role" "gpu_instance" {
  count = local.gpu ? 1 : 0

  name                 = "${var.name}-gpu-instance"
  description          = "Role of the ${var.name}-gpu container instances (ECS agent)."
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.gpu_assume_ec2.json

  tags = var.tags
}

resource "aws_iam_instance_profile" "gpu_instance" {
  count = local.gpu ? 1 : 0

  name = "${var.name}-gpu-instance"
  path = var.role_path
  role = aws_iam_role.gpu_instance[0].name

  tags = var.tags
}

data "aws_iam_policy_document" "gpu_instance" {
  # ecs:DiscoverPollEndpoint takes no resource: AWS accepts only "*" for it.
  statement {
    sid       = "DiscoverPollEndpoint"
    effect    = "Allow"
    actions   = ["ecs:DiscoverPollEndpoint"]
    resources = ["*"]
  }

  statement {
    sid    = "RegisterWithCluster"
    effect = "Allow"
    actions = [
      "ecs:RegisterContainerInstance",
      "ecs:DeregisterContainerInstance",
      "ecs:SubmitAttachmentStateChanges",
      "ecs:SubmitContainerStateChange",
      "ecs:SubmitTaskStateChange",
    ]
    resources = [local.gpu_cluster_arn]
  }

  statement {
    sid    = "ActAsContainerInstance"
    effect = "Allow"
    actions = [
      "ecs:Poll",
      "ecs:StartTelemetrySession",
      "ecs:UpdateContainerInstancesState",
    ]
    resources = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:container-instance/${var.name}-gpu/*"]
  }
}

resource "aws_iam_role_policy" "gpu_instance" {
  count = local.gpu ? 1 : 0

  name   = "${var.name}-gpu-instance"
  role   = aws_iam_role.gpu_instance[0].id
  policy = data.aws_iam_policy_document.gpu_instance.json
}

# --- task execution: pull the image, write the log streams -----------------------------------

resource "aws_iam_role" "gpu_execution" {
  count = local.gpu ? 1 : 0

  name                 = "${var.name}-gpu-execution"
  description          = "Task execution role of ${var.name}-gpu (image pull, logs)."
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.gpu_assume_ecs_tasks.json

  tags = var.tags
}

data "aws_iam_policy_document" "gpu_execution" {
  count = local.gpu ? 1 : 0

  # ecr:GetAuthorizationToken takes no resource: AWS accepts only "*" for it.
  statement {
    sid       = "GetRegistryToken"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.gpu_image == null ? [true] : []

    content {
      sid    = "PullImage"
      effect = "Allow"
      actions = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ]
      resources = [aws_ecr_repository.gpu[0].arn]
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = local.gpu_log_stream_arns
  }
}

resource "aws_iam_role_policy" "gpu_execution" {
  count = local.gpu ? 1 : 0

  name   = "${var.name}-gpu-execution"
  role   = aws_iam_role.gpu_execution[0].id
  policy = data.aws_iam_policy_document.gpu_execution[0].json
}

# --- task: the service itself (queue, scanned objects, model) --------------------------------

resource "aws_iam_role" "gpu_task" {
  count = local.gpu ? 1 : 0

  name                 = "${var.name}-gpu-task"
  description          = "Task role of ${var.name}-gpu: consumes the queue, reads and tags scanned objects, reads the model."
  path                 = var.role_path
  permissions_boundary = var.role_permissions_boundary
  assume_role_policy   = data.aws_iam_policy_document.gpu_assume_ecs_tasks.json

  tags = var.tags
}

data "aws_iam_policy_document" "gpu_task" {
  count = local.gpu ? 1 : 0

  source_policy_documents = [data.aws_iam_policy_document.scanned_objects.json]

  statement {
    sid    = "ConsumeQueue"
    effect = "Allow"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.gpu[0].arn]
  }
}

resource "aws_iam_role_policy" "gpu_task" {
  count = local.gpu ? 1 : 0

  name   = "${var.name}-gpu-task"
  role   = aws_iam_role.gpu_task[0].id
  policy = data.aws_iam_policy_document.gpu_task[0].json
}
