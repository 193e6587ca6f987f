namespace Orders.Cli.Check;

/// <summary>What one invariant's query found: the first offending rows (as text, for display) and how many there are.</summary>
public sealed record InvariantResult(Invariant Invariant, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, long Count)
{
    public bool Holds => Count == 0;
}
