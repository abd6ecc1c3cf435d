"""Anonymous training feedback from a link or QR code."""
