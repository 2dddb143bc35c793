import ServiceLifecycle

/// Ties the clients' lifetime to the application's: it runs until graceful shutdown begins, then shuts the
/// clients down, so no token session outlives the server or keeps refreshing after it stopped.
struct ClientLifecycleService: Service {
    let clients: ScopedAuthClients

    func run() async throws {
        try? await gracefulShutdown()
        await clients.shutdown()
    }
}
