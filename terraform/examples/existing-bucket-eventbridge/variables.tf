variable "region" {
  description = "AWS region of the existing bucket."
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
  default     = "virtus-scan-eb"
}

variable "bucket_name" {
  description = "Name of the existing bucket to scan. Turn on its EventBridge delivery where its notification configuration is managed."
  type        = string
}

variable "manage_bucket_notification" {
  description = "Let this configuration turn EventBridge delivery on by owning the bucket's whole notification configuration (replaces existing notifications). Leave false when anything else writes it."
  type        = bool
  default     = false
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
  description = "How scan records its verdict: `tags`, `metadata` or `both`. Copies are scanned in every mode."
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
  default     = "model.int8.onnx"
}

variable "memory_size" {
  description = "Memory of each function in MB: 2048 suits the int8 model, use 3008 for fp32."
  type        = number
  default     = 2048
}

variable "scan_prefixes" {
  description = "Key prefixes of the bucket to scan; [] scans the whole bucket."
  type        = list(string)
  default     = []
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete the artifacts bucket with its objects (for trials and tests)."
  type        = bool
  default     = false
}
