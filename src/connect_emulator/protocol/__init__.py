"""Amazon Connect's rest-json wire protocol, derived from the botocore service model.

Nothing here knows about the emulator's state: it turns HTTP into validated parameters and
results or errors back into HTTP, for any operation the model describes.
"""
