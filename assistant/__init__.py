"""The assistant: settings, embedders, retrieval, answering and the HTTP service."""
