import DeliveryKit
import Foundation
import ScopedAuth
import ScopedAuthMASV

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: deliver <folder>")
    exit(64)
}
let environment = ProcessInfo.processInfo.environment
guard let email = environment["MASV_EMAIL"], let password = environment["MASV_PASSWORD"] else {
    print("deliver: set MASV_EMAIL and MASV_PASSWORD")
    exit(64)
}

// MASV's API, unless MASV_API_URL names another one: scopedauth-emulator's, to try the tool without an account.
let apiURL = environment["MASV_API_URL"].flatMap { URL(string: $0) } ?? MASVClient.productionBaseURL

// One client, one user session. Nothing is sent yet: the session signs in when the first request needs a token.
let client = MASVClient(credential: .user(EmailPassword(email: email, password: Secret(password))), baseURL: apiURL)
let delivery = Delivery(client: client)
