import Foundation

/// Whole files read into memory with `read(2)`. Not mapped: a mapped file that another process shortens
/// while it is read kills the reader with SIGBUS, while `read` just returns fewer bytes. A directory, a
/// closed standard input or a failing read is an error naming the file, never a crash.
public enum FileBytes {
    /// The bytes of the file at `path`, or of standard input for `-`.
    public static func read(_ path: String) throws(GeoJSONError) -> Data {
        if path == "-" { return try readAll(STDIN_FILENO, name: "<stdin>", sizeHint: 0) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("\(path): \(errno == ENOENT ? "no such file" : errnoText("cannot be opened"))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .io("\(path): \(errnoText("cannot be read"))") }
        if status.st_mode & S_IFMT == S_IFDIR { throw .io("\(path): is a directory, not a file") }
        let isRegular = status.st_mode & S_IFMT == S_IFREG
        return try readAll(fd, name: path, sizeHint: isRegular ? Int(status.st_size) : 0)
    }

    /// Reads `fd` to its end. The size hint (a regular file's size) only sizes the first buffer: a file
    /// that grows or shrinks meanwhile is read as it then is.
    private static func readAll(_ fd: Int32, name: String, sizeHint: Int) throws(GeoJSONError) -> Data {
        var capacity = max(sizeHint + 1, 1 << 16)
        guard var buffer = malloc(capacity) else { throw .io("\(name): out of memory reading it") }
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                guard let grown = realloc(buffer, capacity) else {
                    free(buffer)
                    throw .io("\(name): out of memory reading it")
                }
                buffer = grown
            }
            let n = Foundation.read(fd, buffer + count, capacity - count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let message = errnoText(errno == EBADF ? "cannot be read (closed)" : "cannot be read")
                free(buffer)
                throw .io("\(name): \(message)")
            }
            count += n
        }
        return Data(bytesNoCopy: buffer, count: count, deallocator: .free)
    }

    static func errnoText(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
