using Appliance.Pipeline.Agents;

namespace Appliance.Calls.Tests;

public sealed class CallRecordTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    internal static CallRecord NewRecord(string id = "c1", CallDirection direction = CallDirection.Outbound) => new(new CallStatus
    {
        Id = id,
        Direction = direction,
        From = "+15550001111",
        To = "+15552223333",
        CreatedAt = T0,
    });

    [Fact]
    public void States_only_move_forward()
    {
        var record = NewRecord();
        record.Progress(earlyMedia: true);
        record.Progress(earlyMedia: false);
        Assert.Equal(CallState.Early, record.Snapshot().State);

        record.Answered(T0.AddSeconds(2), 200, "OK");
        record.Progress(earlyMedia: false);
        Assert.Equal(CallState.Answered, record.Snapshot().State);
        Assert.Equal(T0.AddSeconds(2), record.Snapshot().AnsweredAt);
    }

    [Fact]
    public void The_end_keeps_the_answer_status_and_reports_how_it_ended()
    {
        var record = NewRecord();
        record.Answered(T0.AddSeconds(1), 200, "OK");
        record.Ended(T0.AddSeconds(9), CallDisposition.Answered, CallEndReason.RemoteHangup, byRemote: true, 0, null);
        record.Ended(T0.AddSeconds(10), CallDisposition.Failed, CallEndReason.Failed, byRemote: false, 500, "late");

        var status = record.Snapshot();
        Assert.Equal(CallState.Ended, status.State);
        Assert.Equal(CallDisposition.Answered, status.Disposition);
        Assert.Equal(CallEndReason.RemoteHangup, status.EndReason);
        Assert.True(status.EndedByRemote);
        Assert.Equal(200, status.SipStatus);
        Assert.Equal(T0.AddSeconds(9), status.EndedAt);
        Assert.True(record.Finished.IsCompleted);
    }

    [Fact]
    public void A_failed_attempt_takes_the_final_status_of_its_end_and_a_late_one_does_not_replace_it()
    {
        var record = NewRecord();
        record.Ended(T0.AddSeconds(3), CallDisposition.Busy, CallEndReason.Failed, byRemote: true, 486, "Busy Here");
        record.LateFinalStatus(487, "Request Terminated");

        var status = record.Snapshot();
        Assert.Equal(486, status.SipStatus);
        Assert.Equal("Busy Here", status.SipReason);
        Assert.Equal(CallDisposition.Busy, status.Disposition);
    }

    [Fact]
    public void Our_cancel_is_reported_ended_before_its_487_arrives()
    {
        var record = NewRecord();
        record.Ended(T0.AddSeconds(3), CallDisposition.Cancelled, CallEndReason.Cancelled, byRemote: false, 0, null);
        Assert.Null(record.Snapshot().SipStatus);

        record.LateFinalStatus(487, "Request Terminated");
        Assert.Equal(487, record.Snapshot().SipStatus);
    }
}
