namespace Orders.Api.Timeline;

internal enum StatusChangeOutcome
{
    /// <summary>The order moved to the new status.</summary>
    Applied,

    /// <summary>The order was already at or past the status (a late or repeated event); only the history was completed.</summary>
    AlreadyPast,

    /// <summary>No such order here; nothing changed.</summary>
    UnknownOrder,

    /// <summary>Not a public order status; nothing changed.</summary>
    UnknownStatus,
}
