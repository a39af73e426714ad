import RPC

extension CommandContext {
    /// Connects with `common`'s settings, runs `body`, and closes the connection whatever happens.
    func withConnection<T>(_ common: CommonOptions, connections: Int = 1,
                           _ body: (any ServerConnection) async throws -> T) async throws -> T {
        let connection: any ServerConnection
        do {
            connection = try connect(common.clientConfiguration(connections: connections))
        } catch let error as RPCError {
            throw error
        } catch {
            throw CommandFailure("cannot connect to \(common.target): \(error)")
        }
        do {
            let result = try await body(connection)
            connection.close()
            return result
        } catch {
            connection.close()
            throw error
        }
    }
}
