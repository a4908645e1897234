import Foundation

/// An output file written whole or not at all: the bytes go to a temporary file in the destination's
/// folder (same file system, so the rename is atomic), which `commit` renames over the destination once
/// complete. Until then the old file, if any, is untouched; an output never committed (an error, a
/// `--strict` stop) is removed, and one cut short by a kill is a hidden `.NAME.geotrack-XXXXXX` beside it.
public final class OutputFile {
    /// Where the file goes.
    public let path: String
    public let sink: ByteSink
    private let temporaryPath: String
    private var done = false

    public init(path: String) throws(GeoJSONError) {
        self.path = path
        try Self.checkDestination(path)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder as NSString).appendingPathComponent(".\(url.lastPathComponent).geotrack-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw .io("\(path): cannot be created: \(String(cString: strerror(errno)))") }
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkstemp makes the file private (0600); give it the mode the old file had, or the usual one.
        var old = stat()
        fchmod(fd, stat(path, &old) == 0 ? old.st_mode & 0o7777 : 0o666 & ~OutputFile.umaskValue)
        sink = ByteSink(owning: fd, name: path)
    }

    /// Replaces the destination with what was written. Throws, leaving the destination as it was, when the
    /// data cannot be written out.
    public func commit() throws(GeoJSONError) {
        try finishWriting()
        try moveIntoPlace()
    }

    /// The first half of a commit: everything written and the file closed, the destination not yet touched.
    func finishWriting() throws(GeoJSONError) {
        guard !done else { return }
        do throws(GeoJSONError) {
            try sink.closeFile()
        } catch {
            discard()
            throw error
        }
    }

    /// Throws when the rename is bound to fail: the destination is a directory.
    func checkDestination() throws(GeoJSONError) { try Self.checkDestination(path) }

    private static func checkDestination(_ path: String) throws(GeoJSONError) {
        var s = stat()
        if stat(path, &s) == 0, s.st_mode & S_IFMT == S_IFDIR { throw .io("\(path): is a directory; the output cannot replace it") }
    }

    /// The second half: the rename.
    func moveIntoPlace() throws(GeoJSONError) {
        guard !done else { return }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw .io("\(path): cannot be replaced: \(reason)")
        }
        done = true
    }

    /// Throws the output away; the destination stays as it was.
    public func discard() {
        guard !done else { return }
        done = true
        sink.abandonFile()
        unlink(temporaryPath)
    }

    deinit { discard() }

    /// The process's file creation mask (read by setting it and putting it back).
    private static var umaskValue: mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}

/// Layer files that replace their old versions together: each is written in full under a temporary name,
/// and only when every one is complete are they renamed into place. A failure before that leaves the old
/// set as it was, every file of it.
public final class OutputSet {
    public private(set) var files: [OutputFile] = []

    public init() {}

    public func add(_ path: String) throws(GeoJSONError) -> ByteSink {
        let file = try OutputFile(path: path)
        files.append(file)
        return file.sink
    }

    public func commit() throws(GeoJSONError) {
        do throws(GeoJSONError) {
            for file in files { try file.finishWriting() }
            // What would stop a rename half way through the set, checked before the first.
            for file in files { try file.checkDestination() }
        } catch {
            discard()
            throw error
        }
        for file in files { try file.moveIntoPlace() }
    }

    public func discard() { for file in files { file.discard() } }
}

/// Refuses an output that is one of the inputs, before anything is read: writing it would destroy the
/// input (it is the same file when both exist and share device and inode, so links are caught too).
public enum OutputCheck {
    public static func refuseInput(output: String, inputs: [String]) throws(GeoJSONError) {
        guard output != "-", let out = identity(output) else { return }
        for input in inputs where input != "-" {
            if identity(input) == out { throw .io("\(output): the output is an input (\(input)); nothing was read or written: write it elsewhere") }
        }
    }

    private struct Identity: Equatable { var device: UInt64, inode: UInt64 }

    private static func identity(_ path: String) -> Identity? {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        return Identity(device: UInt64(s.st_dev), inode: UInt64(s.st_ino))
    }
}
