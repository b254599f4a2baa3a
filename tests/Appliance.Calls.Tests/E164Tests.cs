namespace Appliance.Calls.Tests;

public sealed class E164Tests
{
    [Theory]
    [InlineData("+15551234567")]
    [InlineData("+4930123")]
    [InlineData("+123456789012345")]
    public void Accepts_plus_and_7_to_15_digits(string number) => Assert.True(E164.IsValid(number));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("15551234567")]
    [InlineData("+123456")]
    [InlineData("+1234567890123456")]
    [InlineData("+05551234567")]
    [InlineData("+1555 123 4567")]
    [InlineData("+1555123456a")]
    [InlineData("+1555123456\r\n")]
    [InlineData("+١٢٣٤٥٦٧٨")]
    public void Refuses_anything_else(string? text) => Assert.False(E164.IsValid(text));
}
