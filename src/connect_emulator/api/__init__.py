"""Amazon Connect's API as Python types, generated from the pinned botocore model.

``connect`` is written by ``connect_emulator.protocol.typegen``; never edit it by hand. It is
pure typing (the standard library only): the provider annotates its methods with it.
"""
