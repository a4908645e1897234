/// What GEOS's WKT reader must not be given. It recurses once per nesting level of parentheses, so deep
/// nesting overflows the stack (a segfault, nothing on stderr), and it reads numbers with `strtod`, which
/// takes `0x10` as 16 and `nan` as a number (and GEOS then calls `POINT (nan nan)` empty). Checked before
/// GEOS sees the text: nesting as deep as JSON's cap, numbers in plain decimal only.
enum WKTCheck {
    /// The JSON reader's cap (`JSONParser.maxDepth`'s default); real WKT nests a handful of levels.
    static let maxDepth = 64

    static func check(_ text: String, maxDepth: Int = maxDepth) throws(GeometryError) {
        var depth = 0
        var utf8 = text.utf8[...]
        while let b = utf8.first {
            switch b {
            case UInt8(ascii: "("):
                depth += 1
                if depth > maxDepth { throw .invalidWKT("nesting deeper than \(maxDepth) levels") }
                utf8 = utf8.dropFirst()
            case UInt8(ascii: ")"):
                depth -= 1
                utf8 = utf8.dropFirst()
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
                let token = utf8.prefix { isTokenByte($0) }
                guard DecimalText.isDecimal(token) else { throw .invalidWKT("\"\(String(decoding: token, as: UTF8.self))\" is not a decimal number") }
                utf8 = utf8.dropFirst(token.count)
            case _ where isLetter(b):
                let word = utf8.prefix { isTokenByte($0) }
                let lower = String(decoding: word, as: UTF8.self).lowercased()
                if lower == "nan" || lower.hasPrefix("inf") { throw .invalidWKT("\"\(lower)\" is not a coordinate (numbers must be finite)") }
                utf8 = utf8.dropFirst(word.count)
            default:
                utf8 = utf8.dropFirst()
            }
        }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "_")
    }
}

/// The plain decimal syntax numbers in text files must have: what `strtod` reads beyond it (hexadecimal
/// `0x10`, `nan`, `inf`, leading blanks) is a silent change of the input, not a number.
public enum DecimalText {
    /// `[+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?`
    public static func isDecimal<Bytes: Collection<UInt8>>(_ token: Bytes) -> Bool {
        var i = token.startIndex
        func digits() -> Int {
            var n = 0
            while i < token.endIndex, token[i] >= UInt8(ascii: "0"), token[i] <= UInt8(ascii: "9") { n += 1; i = token.index(after: i) }
            return n
        }
        if i < token.endIndex, token[i] == UInt8(ascii: "-") || token[i] == UInt8(ascii: "+") { i = token.index(after: i) }
        var mantissa = digits()
        if i < token.endIndex, token[i] == UInt8(ascii: ".") {
            i = token.index(after: i)
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if i < token.endIndex, token[i] | 0x20 == UInt8(ascii: "e") {
            i = token.index(after: i)
            if i < token.endIndex, token[i] == UInt8(ascii: "-") || token[i] == UInt8(ascii: "+") { i = token.index(after: i) }
            guard digits() > 0 else { return false }
        }
        return i == token.endIndex
    }
}
