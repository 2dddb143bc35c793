import Foundation
import ScopedAuth
@testable import ScopedAuthMASV
import Testing

/// MASV's bodies as `Codable` types: the vendor's documentation samples (SERVICES.md section 1) decode, with
/// missing optional fields and extra fields accepted, and the request bodies encode to the documented shapes.
@Suite struct MASVWireFormatTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try HTTPResponse(status: 200, body: Data(json.utf8)).decodeMASV(type)
    }

    private func encoded(_ body: any Encodable & Sendable) throws -> String {
        String(decoding: try MASVConnection.encode(body), as: UTF8.self)
    }

    // MARK: Answers, from the documentation's samples

    @Test func theDocumentedSignInAnswerDecodesAndItsUserObjectIsIgnored() throws {
        // SERVICES.md 1.2, verbatim (the newer doc's `preferred_team_id` / `primary_team_id` included).
        let signIn = try decode(MASVWire.SignIn.self, #"""
            {"teams":[{"id":"01D377KWTJDPC8JQC6XVGPMHDW","name":"Default Team","subdomain":"a8fc91fa"}],
             "token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
             "user":{"email":"...","id":"01D398ZWSXWS8YBZKXCW56BF4H","level":"basic","name":"MASV API",
                     "preferred_team_id":"01FB...","primary_team_id":"01FB...","time_zone":"EST"}}
            """#)
        #expect(signIn.token == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...")
        #expect(signIn.teams.map(\.id) == ["01D377KWTJDPC8JQC6XVGPMHDW"])
        #expect(signIn.teams.first?.name == "Default Team" && signIn.teams.first?.subdomain == "a8fc91fa")
        let bare = try decode(MASVWire.SignIn.self, #"{"teams":[{"id":"T"}],"token":"t"}"#)
        #expect(bare.teams.first?.name == nil)
    }

    @Test func theDocumentedRedeemedLinkDecodes() throws {
        // SERVICES.md 1.7, verbatim.
        let link = try decode(MASVWire.RedeemedLink.self, #"""
            {"branding":{"primary_color":"#1DD4CA"},"expiry":"...","id":"<link id>",
             "name":"MASV Package","package_id":"...","package_size":28176354,"package_token":"<JWT lvl d>",
             "recipient_email":"...","sender_email":"..."}
            """#)
        #expect(link.id == "<link id>" && link.packageId == "..." && link.packageToken == "<JWT lvl d>")
    }

    @Test func theDocumentedFileListAndBlueprintsDecodeWithOptionalFieldsMissing() throws {
        // SERVICES.md 1.7: `{"id","kind","last_modified","name","size","virus_detected"}` (no path, no state).
        let files = try decode([MASVWire.File].self, #"""
            [{"id":"01F1","kind":"zip_windows","last_modified":"2021-03-01T10:00:00Z","name":"a.mov","size":10,
              "virus_detected":false}, {"id":"01F2","name":"b.mov"}]
            """#)
        #expect(files.map(\.name) == ["a.mov", "b.mov"])
        #expect(files[0].kind == "zip_windows" && files[0].size == 10 && files[0].path == nil)
        #expect(files[1].kind == nil && files[1].size == nil)
        // SERVICES.md 1.6: chunk URLs as blueprints, `body` absent.
        let blueprints = try decode([MASVWire.Blueprint].self,
            #"[{"url":"https://s3.example.com/o?uploadId=U&partNumber=1&X-Amz-Signature=s","method":"PUT","headers":{}}]"#)
        #expect(blueprints.first?.method == "PUT" && blueprints.first?.body == nil && blueprints.first?.headers == [:])
    }

    @Test func packagesAndTransfersDecodeFromTheirSmallestAndLargestDocumentedShapes() throws {
        // SERVICES.md 1.4's field list, with fields the client does not read.
        let package = try decode(MASVWire.Package.self, #"""
            {"access_limit":5,"access_token":"tok","contains_virus":false,"created_at":"2024-01-01T00:00:00Z",
             "custom_expiry":null,"description":"d","expiry":"2024-02-01T00:00:00.000Z","extra_storage_days":0,
             "extra_storage_updated_at":null,"extras":{},"id":"01P","links":[],"name":"Rushes",
             "progress_channels":[],"sender":"s@example.com","size":12,"state":"finalized","total_files":2,
             "unlimited_storage":false,"updated_at":"2024-01-01T00:00:00Z"}
            """#)
        #expect(package.id == "01P" && package.accessToken == "tok" && package.totalFiles == 2)
        #expect(package.state == "finalized" && package.unlimitedStorage == false)
        let minimal = try decode(MASVWire.Package.self, #"{"id":"01P"}"#)
        #expect(minimal.name == nil && minimal.accessToken == nil)
        // SERVICES.md 1.9: the transfer fixture `{"id":"tr1","state":"started"}`.
        let transfer = try decode(MASVWire.Transfer.self, #"{"id":"tr1","state":"started"}"#)
        #expect(transfer.id == "tr1" && transfer.state == "started" && transfer.accessToken == nil)
    }

    @Test func aMissingRequiredFieldIsAMalformedResponse() {
        #expect { try decode(MASVWire.SignIn.self, #"{"teams":[]}"#) } throws: {
            ($0 as? AuthError)?.kind == .malformedResponse
        }
    }

    // MARK: Requests, in the documented shapes

    @Test func requestBodiesEncodeToTheDocumentedShapes() throws {
        #expect(try encoded(MASVWire.SignInRequest(email: "me@example.com", password: Secret("pw")))
            == #"{"email":"me@example.com","password":"pw"}"#)
        #expect(try encoded(MASVWire.NewPackage(name: "Rushes", description: "", recipients: ["a@b.c"]))
            == #"{"description":"","name":"Rushes","recipients":["a@b.c"]}"#)
        #expect(try encoded(MASVWire.NewPortalPackage(name: "In", sender: "s@example.com", description: "d"))
            == #"{"description":"d","name":"In","sender":"s@example.com"}"#)
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(try encoded(MASVWire.NewFile(name: "a.mov", path: "dir", lastModified: modified))
            == #"{"kind":"file","last_modified":"2023-11-14T22:13:20.000Z","name":"a.mov","path":"dir"}"#)
        #expect(try encoded(MASVWire.NewFile(name: "a.mov", path: "", lastModified: nil))
            == #"{"kind":"file","name":"a.mov","path":""}"#)
        #expect(try encoded(MASVWire.ChunkURLsRequest(uploadID: "U")) == #"{"upload_id":"U"}"#)
        #expect(try encoded(MASVWire.FinalizeFile(etags: ["e1", "e2"], uploadID: "U", size: 9, chunkSize: 5))
            == #"{"chunk_extras":[{"etag":"e1","partNumber":1},{"etag":"e2","partNumber":2}],"chunk_size":5,"#
            + #""file_extras":{"upload_id":"U"},"size":9}"#)
        #expect(try encoded(MASVWire.NewLink(email: "", password: nil)) == #"{"email":""}"#)
        #expect(try encoded(MASVWire.NewLink(email: "r@example.com", password: Secret("open")))
            == #"{"email":"r@example.com","password":"open"}"#)
        #expect(try encoded(PackageExpiry.unlimited.body) == #"{"unlimited_storage":true}"#)
        #expect(try encoded(PackageExpiry.at(modified).body)
            == #"{"expiry":"2023-11-14T22:13:20.000Z","unlimited_storage":false}"#)
        #expect(try encoded(MASVWire.TransferToConnection(cloudConnectionID: "c1", direction: "cloud_to_masv"))
            == #"{"cloud_connection_id":"c1","direction":"cloud_to_masv"}"#)
    }

    @Test func singleUseCredentialsEncodeTheirValuesOnlyInTheBody() throws {
        let secret = "SENTINEL-single-use-never-print"
        let credentials = SingleUseCredentials(provider: "amazon_s3", authorization: ["secret_access_key": Secret(secret)])
        #expect(try encoded(credentials.body) == #"{"direction":"masv_to_cloud","single_use_credentials":"#
            + #"{"authorization":{"secret_access_key":"\#(secret)"},"provider":"amazon_s3"}}"#)
        var dumped = ""
        dump(credentials.body, to: &dumped)
        #expect(!dumped.contains(secret))
        #expect(!String(reflecting: credentials.body).contains(secret))
    }
}
