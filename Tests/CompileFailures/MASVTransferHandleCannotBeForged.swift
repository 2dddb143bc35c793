// expect-error: 'TransferHandle' initializer is inaccessible due to 'internal' protection level
// A transfer token cannot be wrapped into a handle by hand: handles come only from starting a transfer.
import ScopedAuth
import ScopedAuthMASV

func forge(transfer: MASVTransfer) -> TransferHandle {
    TransferHandle(transfer: transfer, token: Secret("t"), connection: ())
}
