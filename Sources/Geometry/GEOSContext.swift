import CGEOS

/// A GEOS context handle (`GEOS_init_r`), one per thread, freed with `GEOS_finish_r` when the thread ends.
/// GEOS reports errors through a message handler; this context keeps the last message so that the failing
/// call can be turned into a `GeometryError` naming it.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    private var lastMessage: String?
    private var wktReader: OpaquePointer?
    private var wkbReader: OpaquePointer?

    private static let perThread = ThreadLocal { GEOSContext() }

    /// The calling thread's context, created on first use.
    static var current: GEOSContext { perThread.value }

    private init() {
        guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL") }  // unreachable: only when memory is exhausted, which every allocation of Swift's ends in a crash too
        self.handle = handle
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue().lastMessage = String(cString: message)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        if let wktReader { GEOSWKTReader_destroy_r(handle, wktReader) }
        if let wkbReader { GEOSWKBReader_destroy_r(handle, wkbReader) }
        GEOS_finish_r(handle)
    }

    /// The error for a GEOS call that just failed, with GEOS's message; clears the message.
    func error(_ operation: String) -> GeometryError {
        defer { lastMessage = nil }
        return .geos(operation: operation, message: lastMessage ?? "no message from GEOS")
    }

    /// GEOS's message for the last failure, cleared once read.
    func takeMessage() -> String? {
        defer { lastMessage = nil }
        return lastMessage
    }

    /// A WKT reader (`GEOSWKTReader_create_r`), made once per context.
    func sharedWKTReader() throws(GeometryError) -> OpaquePointer {
        if let wktReader { return wktReader }
        guard let reader = GEOSWKTReader_create_r(handle) else { throw error("GEOSWKTReader_create") }
        wktReader = reader
        return reader
    }

    /// A WKB reader (`GEOSWKBReader_create_r`), made once per context.
    func sharedWKBReader() throws(GeometryError) -> OpaquePointer {
        if let wkbReader { return wkbReader }
        guard let reader = GEOSWKBReader_create_r(handle) else { throw error("GEOSWKBReader_create") }
        wkbReader = reader
        return reader
    }
}
