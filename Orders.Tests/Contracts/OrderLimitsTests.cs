using Orders.Contracts;

namespace Orders.Tests.Contracts;

public sealed class OrderLimitsTests
{
    [TestCase("SKU-0001")]
    [TestCase("AB1")]
    [TestCase("9-A")]
    [TestCase("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    public void A_sku_matching_the_pattern_is_valid(string sku) => Assert.That(OrderLimits.IsValidSku(sku), Is.True);

    [TestCase("")]
    [TestCase(null)]
    [TestCase("AB")]
    [TestCase("-SKU1")]
    [TestCase("sku-0001")]
    [TestCase("SKU 0001")]
    [TestCase("SKU-0001\n")]
    [TestCase("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void A_sku_not_matching_the_pattern_is_invalid(string? sku) => Assert.That(OrderLimits.IsValidSku(sku), Is.False);
}
