import Foundation

/// A strict RFC 8259 parser over UTF-8 bytes with a cursor, so that a reader can walk a large document
/// member by member (a FeatureCollection one feature at a time) and report byte offsets. Nesting deeper
/// than `maxDepth` is refused rather than recursed into.
public struct JSONParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var position: Int
    public let maxDepth: Int
    private var depth = 0

    /// `bytes` must outlive the parser.
    public init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0, maxDepth: Int = 64) {
        self.bytes = bytes
        self.position = start
        self.maxDepth = maxDepth
    }

    public var isAtEnd: Bool { position >= bytes.count }

    func fail(_ message: String, at offset: Int? = nil) -> GeoJSONError {
        .syntax(offset: offset ?? position, message: message)
    }

    public mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// The next non-blank byte, without consuming it.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    public mutating func expect(_ byte: UInt8) throws(GeoJSONError) {
        guard peek() == byte else {
            throw fail("expected '\(Character(UnicodeScalar(byte)))', found \(describeNext())")
        }
        position += 1
    }

    /// Consumes `byte` if it is next.
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    func describeNext() -> String {
        guard position < bytes.count else { return "the end of the input" }
        let b = bytes[position]
        return b >= 0x20 && b < 0x7F ? "'\(Character(UnicodeScalar(b)))'" : String(format: "byte 0x%02X", b)
    }

    /// Moves past the next value without building it: brackets matched and strings skipped, nothing else
    /// checked (the parse that follows does that). False when the input ends inside it or a bracket does
    /// not match. Finding where a FeatureCollection ends this way costs a pass over its bytes, not a parse.
    mutating func skipValue() -> Bool {
        skipWhitespace()
        var closers: [UInt8] = []
        repeat {
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closers.popLast() == bytes[position] else { return false }
            case UInt8(ascii: "\""):
                position += 1
                while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                    position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard position < bytes.count else { return false }
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: ":"):
                guard !closers.isEmpty else { return true }
            default:
                // A number or a literal at the top level ends at the next delimiter.
                if closers.isEmpty {
                    while position < bytes.count, ![0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[position]) {
                        position += 1
                    }
                    return true
                }
            }
            position += 1
        } while !closers.isEmpty
        return true
    }

    public mutating func parseValue() throws(GeoJSONError) -> JSONValue {
        guard let next = peek() else { throw fail("expected a value, found the end of the input") }
        switch next {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("expected a value, found \(describeNext())")
        }
    }

    mutating func enter() throws(GeoJSONError) {
        depth += 1
        if depth > maxDepth { throw fail("nesting deeper than \(maxDepth) levels") }
    }

    public mutating func parseObject() throws(GeoJSONError) -> JSONObject {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "{"))
        var members: [(key: String, value: JSONValue)] = []
        if consume(UInt8(ascii: "}")) { return JSONObject(members) }
        repeat {
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes, found \(describeNext())") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            members.append((key, try parseValue()))
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        return JSONObject(members)
    }

    public mutating func parseArray() throws(GeoJSONError) -> [JSONValue] {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "["))
        var items: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { return items }
        repeat { items.append(try parseValue()) } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return items
    }

    private mutating func literal(_ word: StaticString) throws(GeoJSONError) {
        let start = position
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { throw fail("truncated literal", at: start) }
        for i in 0..<n where bytes[position + i] != word.utf8Start[i] {
            throw fail("invalid literal (expected \(word))", at: start)
        }
        position += n
    }

    public mutating func parseString() throws(GeoJSONError) -> String {
        let start = position
        position += 1  // the opening quote
        var scratch: [UInt8]? = nil  // only used once an escape appears
        var runStart = position
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                if var scratch {
                    scratch.append(contentsOf: run)
                    return try utf8(scratch, at: start)
                }
                return try utf8(run, at: start)
            }
            if b < 0x20 { throw fail("unescaped control character in a string") }
            if b == UInt8(ascii: "\\") {
                var unescaped = scratch ?? []
                scratch = nil  // one owner, so appending does not copy
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try unescape(into: &unescaped)
                scratch = unescaped
                runStart = position
                continue
            }
            position += 1
        }
        throw fail("unterminated string", at: start)
    }

    private func utf8(_ bytes: [UInt8], at offset: Int) throws(GeoJSONError) -> String {
        try bytes.withUnsafeBufferPointer { (b) throws(GeoJSONError) in try utf8(b, at: offset) }
    }

    private func utf8(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws(GeoJSONError) -> String {
        // ASCII needs no validation (most strings of a layer are keys and plain values): the validating
        // initialiser goes through generic metadata on every call, a fifth of reading a large layer.
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw fail("string is not valid UTF-8", at: offset) }
        return s
    }

    /// Reads one escape sequence (the cursor is on the backslash) and appends its UTF-8 bytes.
    private mutating func unescape(into out: inout [UInt8]) throws(GeoJSONError) {
        let at = position
        position += 1
        guard position < bytes.count else { throw fail("unterminated escape", at: at) }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: at)
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw fail("lone surrogate in \\u escape", at: at)
                }
                position += 2
                let low = try hex4(at: at)
                guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair", at: at) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw fail("lone surrogate in \\u escape", at: at)
            }
            guard let unicode = UnicodeScalar(scalar) else { throw fail("invalid \\u escape", at: at) }
            out.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw fail("invalid escape \\\(Character(UnicodeScalar(c)))", at: at)
        }
    }

    private mutating func hex4(at: Int) throws(GeoJSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("truncated \\u escape", at: at) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in \\u escape", at: at)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// RFC 8259 number grammar; integers without fraction or exponent that fit Int64 stay integers.
    public mutating func parseNumber() throws(GeoJSONError) -> JSONValue {
        let start = position
        func digits(_ p: inout Int) -> Int {
            let s = p
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
            return p - s
        }
        var p = position
        if bytes[p] == UInt8(ascii: "-") { p += 1 }
        guard p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 else { throw fail("invalid number", at: start) }
        if bytes[p] == UInt8(ascii: "0") { p += 1 } else { _ = digits(&p) }
        var isInteger = true
        if p < bytes.count, bytes[p] == UInt8(ascii: ".") {
            p += 1
            isInteger = false
            guard digits(&p) > 0 else { throw fail("invalid number: no digits after '.'", at: start) }
        }
        if p < bytes.count, bytes[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            isInteger = false
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            guard digits(&p) > 0 else { throw fail("invalid number: no digits in exponent", at: start) }
        }
        position = p
        let text = UnsafeBufferPointer(rebasing: bytes[start..<p])
        if isInteger, let i = Int64(String(decoding: text, as: UTF8.self)) { return .int(i) }
        guard let d = parseDouble(text), d.isFinite else { throw fail("number out of range", at: start) }
        return .double(d)
    }
}

/// strtod over a byte range (C locale number syntax, which JSON's is a subset of).
func parseDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer -> Double? in
        guard let start = buffer.baseAddress else { return nil }
        for i in 0..<text.count { buffer[i] = CChar(bitPattern: text[i]) }
        buffer[text.count] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let value = strtod(start, &end)
        return end == start + text.count ? value : nil
    }
}
