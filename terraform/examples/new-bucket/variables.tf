variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "aws_endpoint_url" {
  description = "Endpoint URL for every AWS service used (an emulator such as moto_server, e.g. http://127.0.0.1:5000); null uses AWS."
  type        = string
  default     = null
}

variable "tags" {
  description = "Default tags of every resource."
  type        = map(string)
  default     = { Project = "virtus-scan" }
}

variable "name" {
  description = "Name prefix of the resources (functions `<name>-scan` and `<name>-classify`)."
  type        = string
  default     = "virtus-scan"
}

variable "function_zip_path" {
  description = "Path of function.zip built by `./mvnw package` (add -Dnative for `runtime_mode = \"native\"`)."
  type        = string
  default     = "../../../target/function.zip"
}

variable "runtime_mode" {
  description = "`jvm` (`./mvnw package`) or `native` (`-Dnative`, never built or run yet), as function.zip was built."
  type        = string
  default     = "jvm"
}

variable "write_mode" {
  description = "How scan records its verdict: `tags` or `both` (tags and user metadata); the allow-list reads the tags."
  type        = string
  default     = "tags"
}

variable "model_directory" {
  description = "Model export directory written by model/export.py."
  type        = string
  default     = "../../../model/virtus"
}

variable "model_file" {
  description = "ONNX file of the export directory: `model.onnx` (fp32) or `model.int8.onnx`."
  type        = string
  default     = "model.onnx"
}

variable "memory_size" {
  description = "Memory of each function in MB: 3008 for the fp32 model, 2048 is enough for int8."
  type        = number
  default     = 3008
}

variable "bucket_name" {
  description = "Name of the new bucket to scan; null lets AWS generate one from `<name>-uploads-`."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the buckets with their objects (for trials and tests)."
  type        = bool
  default     = false
}

variable "admin_role_arns" {
  description = "IAM role ARNs that may still read every object, whatever its verdict (FAKE, UNSUPPORTED, ERROR, not scanned yet)."
  type        = list(string)
  default     = []
}

variable "artifacts_bucket_name" {
  description = "Name of the artifacts bucket (function.zip and the model); null lets AWS generate one from `<name>-artifacts-`."
  type        = string
  default     = null
}

variable "fake_notification_emails" {
  description = "E-mail addresses told about every FAKE verdict (each confirms a subscription mail first), e.g. [\"security@example.com\"]."
  type        = list(string)
  default     = []
}
