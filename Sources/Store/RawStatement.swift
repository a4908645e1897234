import GRDB
import GRDBSQLite

/// One prepared statement, bound and stepped through SQLite's C API: bulk imports bind a million rows, and
/// ingest a report's places, sources and lookups, without boxing each value as GRDB's `StatementArguments`
/// would (GRDB still prepares, caches and finalizes the statement).
struct RawStatement {
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }
    /// SQLite copies bound text (SQLITE_TRANSIENT): Swift's buffer is only valid during the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    /// Binds parameter `index` (1-based).
    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }
    func bind(_ index: Int32, _ value: Double?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }
    func bind(_ index: Int32, _ value: String?) {
        guard var value else { sqlite3_bind_null(handle, index); return }
        value.withUTF8 { text in
            sqlite3_bind_text(handle, index, text.baseAddress, Int32(text.count), RawStatement.transient)
        }
    }

    /// The first column of every row the bound query returns, as integers.
    func integers() throws -> [Int64] {
        var found: [Int64] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_ROW { found.append(sqlite3_column_int64(handle, 0)); continue }
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            return found
        }
    }

    /// Inserts the bound row; false when the statement left it out (INSERT OR IGNORE of a row already
    /// there). An SQLite error becomes GRDB's `DatabaseError`, as it would through GRDB.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
        return sqlite3_changes(db.sqliteConnection) > 0
    }
}
