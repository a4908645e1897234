/// One field of a CSV row: its bytes `start..<end` (inside the quotes when quoted), and whether doubled
/// quotes in it still need collapsing.
public struct CSVField: Sendable {
    public var start: Int
    public var end: Int
    public var hasEscapedQuotes: Bool

    /// The field's text in `bytes`, doubled quotes collapsed; nil when it is not valid UTF-8.
    public func string(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        withText(in: bytes) { String(validating: $0, as: UTF8.self) }
    }

    /// Runs `body` on the field's bytes with doubled quotes collapsed: in place, or a collapsed copy.
    public func withText<T, E: Error>(in bytes: UnsafeBufferPointer<UInt8>,
                                      _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> T) throws(E) -> T {
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard hasEscapedQuotes else { return try body(raw) }
        return try CSVScanner.unescaped(raw).withUnsafeBufferPointer { (b) throws(E) -> T in try body(b) }
    }
}

/// An RFC 4180 reader over UTF-8 bytes: commas, quoted fields with doubled quotes, CR LF or LF line ends,
/// newlines inside quotes, a leading byte-order mark. Blank lines are passed over. It reports the physical
/// line a row starts on, for error messages.
public struct CSVScanner {
    public let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var position: Int
    /// Reading stops here (exclusive): a scanner can cover one chunk of a file.
    public let end: Int
    /// The 1-based line on which the last row returned by `nextRow` started (counted from `firstLine`).
    public private(set) var rowLine = 0
    public private(set) var line: Int
    /// Quote characters met inside unquoted fields (read as text, as GDAL does). They make quote parity
    /// meaningless, so a chunked reader that sees any must read the file in one piece.
    public private(set) var strayQuotes = 0

    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.count >= 3 && Array(bytes[0..<3]) == bom ? 3 : 0
        end = bytes.count
        line = 1
    }

    /// A scanner over `range` of `bytes`, which must start at the beginning of a row on line `firstLine`.
    public init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, firstLine: Int) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        line = firstLine
    }

    /// Reads the next row's fields into `fields`; false at the end of the input.
    public mutating func nextRow(_ fields: inout [CSVField]) throws(GeoJSONError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        // Blank lines are not rows.
        while position < end, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < end else { return false }
        rowLine = line
        while true {
            if position < end, bytes[position] == UInt8(ascii: "\"") {
                try quotedField(&fields)
            } else {
                let start = position
                while position < end {
                    let b = bytes[position]
                    if b == UInt8(ascii: ",") || b == 0x0A || b == 0x0D { break }
                    if b == UInt8(ascii: "\"") { strayQuotes += 1 }
                    position += 1
                }
                fields.append(CSVField(start: start, end: position, hasEscapedQuotes: false))
            }
            guard position < end else { return true }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case 0x0D:
                position += 1
                if position < end, bytes[position] == 0x0A { position += 1 }
                line += 1
                return true
            default:  // LF
                position += 1
                line += 1
                return true
            }
        }
    }

    private mutating func quotedField(_ fields: inout [CSVField]) throws(GeoJSONError) {
        let openedOn = line
        position += 1
        let start = position
        var escaped = false
        while position < end {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                if position + 1 < end, bytes[position + 1] == UInt8(ascii: "\"") {
                    escaped = true
                    position += 2
                    continue
                }
                fields.append(CSVField(start: start, end: position, hasEscapedQuotes: escaped))
                position += 1
                guard position >= end || bytes[position] == UInt8(ascii: ",") || bytes[position] == 0x0A || bytes[position] == 0x0D else {
                    throw .csv(line: line, message: "unexpected text after a closing quote (a quote inside a field must be doubled)")
                }
                return
            }
            if b == 0x0A { line += 1 }
            position += 1
        }
        throw .csv(line: openedOn, message: "a quoted field is never closed")
    }

    /// The field's text with doubled quotes collapsed, or nil when it is not valid UTF-8.
    public func string(_ field: CSVField) -> String? { field.string(in: bytes) }

    /// `""` → `"`.
    public static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            i += raw[i] == UInt8(ascii: "\"") && i + 1 < raw.count && raw[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out
    }
}
