using Npgsql;

namespace Orders.Workers.Payments;

/// <summary>
/// The simulated gateway's books (<c>payments.gateway_ledger</c>): every charge, decline and refund as the bank saw it,
/// appended under the request's idempotency key. It outlives the Workers process, so a charge made before a crash is
/// still known to the gateway afterwards, as it would be to a real one.
/// </summary>
public sealed class GatewayLedger(string connectionString) : IAsyncDisposable
{
    public const string Charge = "charge";
    public const string Decline = "decline";
    public const string Refund = "refund";

    // The kinds that answer a charge request: the first one recorded under a key is the answer to every repeat.
    private static readonly string[] ChargeOutcomes = [Charge, Decline];
    private static readonly string[] RefundOutcomes = [Refund];

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>The first charge outcome recorded under the key, or the one given, recorded now: one outcome per key.</summary>
    public Task<LedgerEntry> ChargeOnceAsync(Guid key, LedgerEntry outcome, CancellationToken cancellationToken) =>
        RecordOnceAsync(key, ChargeOutcomes, outcome, cancellationToken);

    /// <summary>The refund recorded under the key, or the one given, recorded now.</summary>
    public Task<LedgerEntry> RefundOnceAsync(Guid key, LedgerEntry refund, CancellationToken cancellationToken) =>
        RecordOnceAsync(key, RefundOutcomes, refund, cancellationToken);

    /// <summary>The outcome of the charge made under the key, or null when the gateway never charged or declined it.</summary>
    public async Task<LedgerEntry?> FindChargeAsync(Guid key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT kind, reference, amount, currency FROM payments.gateway_ledger
            WHERE idempotency_key = $1 AND kind = ANY($2) ORDER BY id LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = ChargeOutcomes });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>How many rows of the kind the ledger holds under the key.</summary>
    public async Task<int> CountAsync(Guid key, string kind, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*)::int FROM payments.gateway_ledger WHERE idempotency_key = $1 AND kind = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<LedgerEntry> RecordOnceAsync(Guid key, string[] kinds, LedgerEntry entry, CancellationToken cancellationToken)
    {
        // One statement, as a bank's idempotent endpoint would be: a repeat finds the first row. Two requests with one key
        // at the same instant could both add theirs; the payments service never sends those (it holds the order's lock),
        // and the ledger keeps whatever happens for the check to judge.
        await using var command = _dataSource.CreateCommand("""
            WITH earlier AS (
                SELECT kind, reference, amount, currency FROM payments.gateway_ledger
                WHERE idempotency_key = $1 AND kind = ANY($2) ORDER BY id LIMIT 1),
            added AS (
                INSERT INTO payments.gateway_ledger (idempotency_key, kind, reference, amount, currency)
                SELECT $1, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT FROM earlier)
                RETURNING kind, reference, amount, currency)
            SELECT * FROM earlier UNION ALL SELECT * FROM added
            """);
        foreach (var value in new object[] { key, kinds, entry.Kind, entry.Reference, entry.Amount, entry.Currency })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static LedgerEntry Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetString(3));
}

/// <summary>One row of the gateway's books: a charge's payment id, a decline's reason or a refund's id, and the money.</summary>
public sealed record LedgerEntry(string Kind, string Reference, decimal Amount, string Currency);
