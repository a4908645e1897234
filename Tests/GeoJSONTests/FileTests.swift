import Foundation
import Testing
@testable import GeoJSON
@testable import Geometry

/// Reading and writing files: nothing mapped that can vanish, nothing replaced that is not complete.
@Suite struct FileTests {
    func scratchFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-\(UUID()).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// A layer shortened by another process after it was opened: a mapped file would die with SIGBUS on
    /// the first page past the new end; a file read with read(2) keeps the bytes it read.
    @Test func aFileShortenedWhileOpenIsStillReadWhole() throws {
        let rows = (1...20_000).map { "\($0),40.\($0 % 1000),36.5" }.joined(separator: "\n")
        let path = try scratchFile("id,lon,lat\n" + rows + "\n")
        defer { unlink(path) }
        let file = try LayerFile(path: path)
        #expect(truncate(path, 0) == 0)
        #expect(try file.features { _ in }.count == 20_000)
    }

    @Test func aDirectoryIsAnErrorNamingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-\(UUID()).csv").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { rmdir(folder) }
        #expect(throws: GeoJSONError.io("\(folder): is a directory, not a file")) { try LayerFile(path: folder) }
    }

    @Test func anOutputIsInPlaceOnlyOnceCommitted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.csv"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        let output = try OutputFile(path: path)
        try output.sink.append("new\n")
        try output.sink.flush()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        try output.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        // A discarded output leaves the old file and no temporary file.
        let dropped = try OutputFile(path: path)
        try dropped.sink.append("half")
        try dropped.sink.flush()
        dropped.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
    }

    @Test func aSetIsReplacedWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotrack-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "old a".write(toFile: folder + "/a.txt", atomically: false, encoding: .utf8)
        let set = OutputSet()
        try set.add(folder + "/a.txt").append("new a")
        try set.add(folder + "/b.txt").append("new b")
        // b.txt becomes a directory while the set is written: the set cannot be put in place, a.txt neither.
        try FileManager.default.createDirectory(atPath: folder + "/b.txt", withIntermediateDirectories: true)
        #expect(throws: GeoJSONError.self) { try set.commit() }
        #expect(throws: GeoJSONError.io("\(folder)/b.txt: is a directory; the output cannot replace it")) { try OutputFile(path: folder + "/b.txt") }
        #expect(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8) == "old a")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.txt", "b.txt"])
    }

    @Test func numbersAreReadInPlainDecimalOnly() {
        for text in ["0x10", "nan", "inf", "-inf", " 1", "1 ", "1e", ".", "+", "1.2.3", "0x1p3"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer(parseNumber) == nil, "\(text)")
        }
        for (text, value) in [("16", 16.0), ("-1.5", -1.5), ("+2", 2), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1.234567890123456789", 1.234567890123456789)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer(parseNumber) == value, "\(text)")
        }
    }
}
