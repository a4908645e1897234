import Foundation

/// A buffered writer of bytes to a file descriptor: output is built in a 1 MiB buffer and handed to
/// `write(2)` when full, so a writer's memory stays constant however many features it writes.
public final class ByteSink {
    private var fd: Int32
    private var closesFile: Bool
    /// What write errors name: the file the user asked for (not a temporary name), or standard output.
    public var name = "standard output"
    private var capacity: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    public private(set) var bytesWritten = 0
    /// No file descriptor: the buffer grows to hold everything, read back with `contents`.
    private let inMemory: Bool

    public init(fileDescriptor: Int32, closesFile: Bool = false, capacity: Int = 1 << 20) {
        fd = fileDescriptor
        self.closesFile = closesFile
        self.capacity = capacity
        inMemory = fileDescriptor < 0
        buffer = .allocate(capacity: capacity)
    }

    /// Writes to an open file that the sink then owns; errors name it `name`.
    convenience init(owning fd: Int32, name: String) {
        self.init(fileDescriptor: fd, closesFile: true)
        self.name = name
    }

    /// Flushes and closes the file; an error of either (a full disk may show only at close) is thrown. No
    /// fsync: it made a 200 MB GeoJSON output twice as slow, and a killed process loses nothing once the
    /// data is written (ext4 also flushes a file renamed over another before the rename: auto_da_alloc).
    func closeFile() throws(GeoJSONError) {
        try flush()
        guard closesFile else { return }
        closesFile = false
        let failure = close(fd) == 0 ? nil : String(cString: strerror(errno))
        fd = -1
        if let failure { throw .io("\(name): cannot write: \(failure)") }
    }

    /// Closes the file without flushing: its contents are being thrown away.
    func abandonFile() {
        count = 0
        guard closesFile else { return }
        closesFile = false
        close(fd)
        fd = -1
    }

    public static func standardOutput() -> ByteSink { ByteSink(fileDescriptor: STDOUT_FILENO) }

    /// A sink that keeps everything in one growing buffer (`contents`): for output formatted on one core
    /// and written by another, for tests and small texts. `reset()` empties it and keeps the memory.
    public static func memory(capacity: Int = 1 << 16) -> ByteSink { ByteSink(fileDescriptor: -1, capacity: capacity) }

    /// What a memory sink holds; valid until the next write or `reset()`.
    public var contents: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer, count: count) }

    public func reset() { count = 0 }

    /// The text `body` writes into a memory sink.
    public static func capturing(_ body: (ByteSink) throws -> Void) rethrows -> String {
        let sink = memory()
        try body(sink)
        return String(decoding: sink.contents, as: UTF8.self)
    }

    deinit {
        try? flush()
        if closesFile { close(fd) }
        buffer.deallocate()
    }

    /// Makes room for `n` more bytes: flushing to the file, or growing a memory sink.
    @inline(__always)
    func reserve(_ n: Int) throws(GeoJSONError) {
        if count + n > capacity { try makeRoom(n) }
    }

    private func makeRoom(_ n: Int) throws(GeoJSONError) {
        guard inMemory else { return try flush() }
        let grown = max(capacity * 2, count + n)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = bigger
        capacity = grown
    }

    public func flush() throws(GeoJSONError) {
        if inMemory { return }
        defer { count = 0 }
        try writeAll(buffer, count)
        bytesWritten += count
    }

    /// `write(2)` until everything is written, retrying after signals.
    private func writeAll(_ start: UnsafePointer<UInt8>, _ length: Int) throws(GeoJSONError) {
        var offset = 0
        while offset < length {
            let n = write(fd, start + offset, length - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("\(name): cannot write: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    @inline(__always)
    public func append(_ byte: UInt8) throws(GeoJSONError) {
        if count == capacity { try makeRoom(1) }
        buffer[count] = byte
        count += 1
    }

    public func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(GeoJSONError) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count > capacity, !inMemory {
            // Large blocks (fragments formatted on other cores) go straight to the file, without a copy.
            try flush()
            try writeAll(start, bytes.count)
            bytesWritten += bytes.count
            return
        }
        try reserve(bytes.count)
        (buffer + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    public func append(_ text: StaticString) throws(GeoJSONError) {
        try append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public func append(_ text: String) throws(GeoJSONError) {
        try withUTF8(text) { (bytes) throws(GeoJSONError) in try append(bytes) }
    }

    /// A signed integer in decimal.
    public func append(integer value: Int64) throws(GeoJSONError) {
        try reserve(20)
        var v = value.magnitude
        if value < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        var digits: (UInt64, Int) = (v, 0)
        repeat { digits.1 += 1; digits.0 /= 10 } while digits.0 > 0
        var p = count + digits.1
        count = p
        repeat {
            p -= 1
            buffer[p] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
        } while v > 0
    }

    private static let powersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

    /// `value` rounded to `decimals` places with trailing zeros trimmed: 36.5, 40, -0.000001 (never "-0").
    /// Integer arithmetic on the scaled value keeps it exact and fast; values too large for that fall back to
    /// the shortest round-trip form.
    public func append(fixed value: Double, decimals: Int) throws(GeoJSONError) {
        guard value.isFinite else { throw .io("cannot write a non-finite number (\(value)) as JSON") }
        let scale = ByteSink.powersOfTen[decimals]
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9.0e15 else { return try append(shortest: value) }
        var units = Int64(scaled)
        if units < 0 {
            try append(UInt8(ascii: "-"))
            units = -units
        }
        let whole = units / Int64(scale), fraction = units % Int64(scale)
        try append(integer: whole)
        guard fraction != 0 else { return }
        try reserve(decimals + 1)
        buffer[count] = UInt8(ascii: ".")
        var digits = decimals
        var f = fraction
        while f % 10 == 0 { f /= 10; digits -= 1 }
        var p = count + digits
        count = p + 1
        for _ in 0..<digits {
            buffer[p] = UInt8(truncatingIfNeeded: f % 10) + 0x30
            f /= 10
            p -= 1
        }
    }

    /// The shortest text that reads back as the same Double (Swift's `description`, so 1.0 stays "1.0" and
    /// reads back as a real, not an integer); JSON has no NaN or infinity, so those are refused.
    public func append(shortest value: Double) throws(GeoJSONError) {
        guard value.isFinite else { throw .io("cannot write a non-finite number (\(value)) as JSON") }
        try append(value.description)
    }

    /// A JSON string: quotes added, `"`, `\` and control characters escaped, other UTF-8 copied as is.
    public func append(jsonString bytes: UnsafeBufferPointer<UInt8>) throws(GeoJSONError) {
        try append(UInt8(ascii: "\""))
        var run = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            try append(UnsafeBufferPointer(rebasing: bytes[run..<i]))
            try appendEscape(b)
            run = i + 1
        }
        try append(UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        try append(UInt8(ascii: "\""))
    }

    public func append(jsonString text: String) throws(GeoJSONError) {
        try withUTF8(text) { (bytes) throws(GeoJSONError) in try append(jsonString: bytes) }
    }

    func appendEscape(_ b: UInt8) throws(GeoJSONError) {
        switch b {
        case 0x22: try append("\\\"")
        case 0x5C: try append("\\\\")
        case 0x0A: try append("\\n")
        case 0x0D: try append("\\r")
        case 0x09: try append("\\t")
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            try append("\\u00")
            try append(hex[Int(b >> 4)])
            try append(hex[Int(b & 0xF)])
        }
    }
}

/// `String.withUTF8` keeping the typed error (its closure is only `rethrows`).
func withUTF8(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(GeoJSONError) -> Void) throws(GeoJSONError) {
    var text = text
    let failure = text.withUTF8 { bytes -> GeoJSONError? in
        do throws(GeoJSONError) { try body(bytes); return nil } catch { return error }
    }
    if let failure { throw failure }
}
