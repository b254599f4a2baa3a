namespace Appliance.Calls.Tests;

public sealed class CallDispositionsTests
{
    [Theory]
    [InlineData(486, CallDisposition.Busy)]
    [InlineData(600, CallDisposition.Busy)]
    [InlineData(408, CallDisposition.NoAnswer)]
    [InlineData(480, CallDisposition.NoAnswer)]
    [InlineData(487, CallDisposition.Cancelled)]
    [InlineData(403, CallDisposition.Rejected)]
    [InlineData(404, CallDisposition.Rejected)]
    [InlineData(488, CallDisposition.Rejected)]
    [InlineData(603, CallDisposition.Rejected)]
    [InlineData(302, CallDisposition.Rejected)]
    [InlineData(500, CallDisposition.Failed)]
    [InlineData(503, CallDisposition.Failed)]
    [InlineData(0, CallDisposition.Failed)]
    public void Failure_statuses_map_to_what_a_dialler_reports(int status, CallDisposition expected) =>
        Assert.Equal(expected, CallDispositions.FromFailureStatus(status));
}
