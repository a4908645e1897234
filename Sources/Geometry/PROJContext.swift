import CPROJ
import Foundation

/// A PROJ context (`proj_context_create`), one per thread, as pyproj keeps one per thread. PROJ's log
/// messages are captured here rather than printed, so a failed call becomes a `GeometryError` with PROJ's
/// own words. Transformations are cached per context: building one reads proj.db, reusing it is free.
final class PROJContext {
    let handle: OpaquePointer
    fileprivate var lastMessage: String?
    private var cache: [String: LocalProjection] = [:]
    private static let cacheLimit = 256

    private static let perThread = ThreadLocal { PROJContext() }

    static var current: PROJContext { perThread.value }

    private init() {
        guard let handle = proj_context_create() else { fatalError("proj_context_create returned NULL") }  // unreachable: only when memory is exhausted, which every allocation of Swift's ends in a crash too
        self.handle = handle
        proj_log_func(handle, Unmanaged.passUnretained(self).toOpaque()) { userData, level, message in
            guard let userData, let message, level <= Int32(PJ_LOG_ERROR.rawValue) else { return }
            Unmanaged<PROJContext>.fromOpaque(userData).takeUnretainedValue().lastMessage = String(cString: message)
        }
    }

    deinit {
        cache.removeAll()
        proj_context_destroy(handle)
    }

    /// The error for the PROJ call that just failed: the context's errno text and the last logged message.
    func error(_ operation: String) -> GeometryError {
        let code = proj_context_errno(handle)
        var parts: [String] = []
        if code != 0, let text = proj_context_errno_string(handle, code) { parts.append(String(cString: text)) }
        if let lastMessage { parts.append(lastMessage) }
        lastMessage = nil
        return .proj(operation: operation, message: parts.isEmpty ? "no message from PROJ" : parts.joined(separator: ": "))
    }

    /// The azimuthal equidistant projection centred on `center`, made once per context and centre.
    func localProjection(centeredAt center: Coordinate) throws(GeometryError) -> LocalProjection {
        let key = "\(center.x),\(center.y)"
        if let cached = cache[key] { return cached }
        let projection = try LocalProjection(context: self, center: center)
        if cache.count >= PROJContext.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[key] = projection
        return projection
    }
}

/// Start-up check of PROJ's installation.
public enum PROJInstallation {
    /// Throws `.projDatabaseMissing`, saying how to fix it, when PROJ cannot open proj.db (EPSG codes then fail).
    public static func check() throws(GeometryError) {
        let context = PROJContext.current
        guard let crs = proj_create(context.handle, "EPSG:4326") else {
            let searched = proj_context_get_database_path(context.handle).map { String(cString: $0) } ?? "none found"
            let reason = context.error("open proj.db")
            throw .projDatabaseMissing("""
                PROJ cannot read its database proj.db (\(reason); database path: \(searched)). \
                Install it with `apt-get install proj-data libproj-dev` (or run scripts/setup), \
                or point PROJ_DATA at the folder that holds proj.db.
                """)
        }
        proj_destroy(crs)
    }

    /// Where PROJ reads proj.db from, for diagnostics.
    public static var databasePath: String? {
        proj_context_get_database_path(PROJContext.current.handle).map { String(cString: $0) }
    }
}
