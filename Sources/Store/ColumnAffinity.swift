/// SQLite's column affinity, for values kept outside its tables (imported batches): a text given to one of
/// the `events` table's INTEGER columns is stored as a number when it reads as one, so a listing shows
/// `"fatalities": 3`, not `"3"`, wherever the value lives.
enum ColumnAffinity {
    /// The record columns the `events` table declares INTEGER (the rest that imports fill are TEXT).
    static let integerColumns: Set<Int> = Set(["year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"]
        .compactMap { EventStore.recordColumnIndex[$0] })

    /// The value as SQLite would store `text` in `column`.
    static func stored(_ text: String, column: Int) -> FieldValue {
        integerColumns.contains(column) ? integerAffinity(text) : .text(text)
    }

    /// INTEGER affinity: an integer literal (spaces around allowed) that fits 64 bits is an integer; any
    /// other decimal literal is a real — an integer again when it is whole and strictly within ±2⁶³
    /// (SQLite's `sqlite3VdbeIntegerAffinity`); anything else stays text.
    static func integerAffinity(_ text: String) -> FieldValue {
        let trimmed = text.utf8.drop { isSpace($0) }.reversed().drop { isSpace($0) }.reversed()
        let literal = String(decoding: trimmed, as: UTF8.self)
        guard let kind = numberKind(Array(trimmed)) else { return .text(text) }
        if kind == .integer, let i = Int64(literal.hasPrefix("+") ? String(literal.dropFirst()) : literal) { return .int(i) }
        guard let d = Double(literal) else { return .text(text) }
        if d == d.rounded(), d > -0x1p63, d < 0x1p63 { return .int(Int64(d)) }
        return .double(d)
    }

    private enum Kind { case integer, real }

    /// Whether the bytes are a decimal literal: sign, digits, a point and digits, an exponent.
    private static func numberKind(_ s: [UInt8]) -> Kind? {
        var i = 0, digits = 0, kind = Kind.integer
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        while i < s.count, isDigit(s[i]) { i += 1; digits += 1 }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            kind = .real
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            kind = .real
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            var exponent = 0
            while i < s.count, isDigit(s[i]) { i += 1; exponent += 1 }
            guard exponent > 0 else { return nil }
        }
        return i == s.count ? kind : nil
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
}
