// expect-error: 'client' is inaccessible due to 'private' protection level
// The transfer token lives inside its TransferHandle: nothing outside can reach the pipeline that carries it.
import ScopedAuthMASV

func steal(_ transfer: TransferHandle) {
    _ = transfer.client
}
