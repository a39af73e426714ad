@_exported import RPCCore
