namespace Orders.Workers;

/// <summary>
/// What one Workers host runs, from <c>Workers:Roles</c> (or <c>--roles</c>): a comma list of <c>saga</c>,
/// <c>payments</c>, <c>shipping</c>, <c>stock</c>. Any number of hosts may run the same role: they compete for its queue.
/// </summary>
[Flags]
public enum WorkerRoles
{
    None = 0,
    Saga = 1,
    Payments = 2,
    Shipping = 4,
    Stock = 8,
    All = Saga | Payments | Shipping | Stock,
}
