namespace Orders.Messaging.Tests.Validation;

public sealed class MessageContractTests
{
    [Test]
    public void A_complete_message_keeps_its_contract()
    {
        var message = new ShipParcel(Guid.NewGuid(), new Address("Ada", "GB"), [new Parcel("P-1", 2)], Note: null);

        Assert.That(MessageContract.Violations(message), Is.Empty);
    }

    [Test]
    public void An_empty_identifier_and_missing_members_are_named_by_their_path()
    {
        var message = new ShipParcel(Guid.Empty, new Address(null!, "GB"), [new Parcel(null!, 1), null!], Note: null);

        Assert.That(MessageContract.Violations(message), Is.EqualTo((string[])
        [
            "orderId is empty",
            "address.name is missing",
            "parcels[0].label is missing",
            "parcels[1] is missing",
        ]));
    }

    [Test]
    public void A_missing_nested_record_or_list_is_missing()
    {
        var message = new ShipParcel(Guid.NewGuid(), null!, null!, Note: null);

        Assert.That(MessageContract.Violations(message), Is.EqualTo((string[])["address is missing", "parcels is missing"]));
    }

    [Test]
    public void Nullable_members_may_be_absent()
    {
        var message = new Optional(Guid.NewGuid(), ParentId: null, Guid.Empty, Comment: null);

        Assert.That(MessageContract.Violations(message), Is.Empty);
    }

    private sealed record ShipParcel(Guid OrderId, Address Address, IReadOnlyList<Parcel> Parcels, string? Note);

    private sealed record Address(string Name, string Country);

    private sealed record Parcel(string Label, int Count);

    private sealed record Optional(Guid Id, Guid? ParentId, Guid? Empty, string? Comment);
}
