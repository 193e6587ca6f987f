namespace Orders.Contracts.Inventory;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> reasons Inventory puts in its error details, so callers can branch on them
/// instead of on message text.
/// </summary>
public static class InventoryErrorReasons
{
    /// <summary><c>ErrorInfo.domain</c> of every Inventory error.</summary>
    public const string Domain = "inventory.orders";

    /// <summary>NOT_FOUND: one or more SKUs do not exist; metadata <c>skus</c> lists them, comma-separated.</summary>
    public const string UnknownSku = "UNKNOWN_SKU";

    /// <summary>FAILED_PRECONDITION: one or more SKUs lack stock; metadata <c>skus</c> lists them, comma-separated.</summary>
    public const string InsufficientStock = "INSUFFICIENT_STOCK";

    /// <summary>FAILED_PRECONDITION: the lines' products are priced in more than one currency.</summary>
    public const string MixedCurrencies = "MIXED_CURRENCIES";

    /// <summary>NOT_FOUND: no reservation exists for the order id.</summary>
    public const string ReservationNotFound = "RESERVATION_NOT_FOUND";

    /// <summary>FAILED_PRECONDITION: the reservation was released, so it can no longer be committed.</summary>
    public const string ReservationReleased = "RESERVATION_RELEASED";

    /// <summary>FAILED_PRECONDITION: the reservation was committed, so it can no longer be released.</summary>
    public const string ReservationCommitted = "RESERVATION_COMMITTED";

    /// <summary>FAILED_PRECONDITION: SetStock asked for less on hand than is reserved.</summary>
    public const string OnHandBelowReserved = "ON_HAND_BELOW_RESERVED";
}
