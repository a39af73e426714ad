// The server speaks in GatewayHTTP's request and response types; importing it brings them.
@_exported import GatewayHTTP
