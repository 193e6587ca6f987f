namespace Orders.Api.Data;

/// <summary>Times as PostgreSQL keeps them (UTC, microseconds), so an answer shows the same instant before and after a reload.</summary>
public static class Timestamp
{
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }
}
