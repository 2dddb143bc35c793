/// The service's name as errors report it.
enum MassdriverClientService {
    static let name = "Massdriver"
}
