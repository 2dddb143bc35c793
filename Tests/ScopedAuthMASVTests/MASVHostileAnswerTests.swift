import Foundation
import ScopedAuth
@_spi(Fuzzing) @testable import ScopedAuthMASV
import Testing

/// Regressions found by the decoder fuzz target (Fuzz/Sources/FuzzDecodeMASV): hostile answers give values or
/// typed errors, never a trap.
@Suite("MASV: hostile answers found by fuzzing")
struct MASVHostileAnswerTests {
    static func addedFile(_ limits: String) -> HTTPResponse {
        HTTPResponse(status: 200, body: Data("""
            {"file":{"id":"F1","name":"a.bin"},"create_blueprint":{"url":"https://storage.example/u","method":"POST"},
             \(limits)}
            """.utf8))
    }

    @Test("An add-file answer with Int64.max limits gives a chunk layout instead of an overflow trap", arguments: [
        #""max_chunks_count":9223372036854775807"#,
        #""min_chunk_size":9223372036854775807"#,
        #""max_chunk_size":9223372036854775807,"min_chunk_size":9223372036854775807"#,
        #""max_chunks_count":9223372036854775807,"min_chunk_size":1,"max_chunk_size":1"#,
    ])
    func int64MaxLimits(limits: String) throws {
        // The SPI reads the answer as the uploader does and lays out an empty, a 40-byte and a huge file.
        let layouts = try #require(
            MASVResponseDecoding.decode(.addedFile, Self.addedFile(limits)) as? [ChunkLayout])
        #expect(layouts.count == 9)
        for layout in layouts {
            #expect(layout.partCount >= 1 && layout.chunkSize >= 1)
            // The parts cover the file exactly: the last one ends at its size, none is empty unless the file is.
            let last = layout.range(ofPart: layout.partCount)
            #expect(last.upperBound == layout.fileSize)
            #expect(!last.isEmpty || layout.fileSize == 0)
        }
    }
}
