using System.Buffers;
using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

/// <summary>Seeded random mutations of valid messages: the parser and framer must only ever return a result, never throw.</summary>
public class SipParserFuzzTests
{
    [Fact]
    public void Mutated_messages_never_throw()
    {
        var random = new Random(4475);
        var seeds = new List<byte[]> { SipTestText.Wire(SipTestText.Invite), SipTestText.Wire(SipTestText.Ok) };
        foreach ((string text, SipParseError _) in SipTortureCorpus.Cases.Values)
        {
            seeds.Add(SipTestText.Wire(text));
        }

        var message = new SipMessage();
        var outcomes = new HashSet<SipParseError>();
        byte[] interesting = "\r\n \t:;,<>\"\\@%[]=/0123456789"u8.ToArray();
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            byte[] mutated = ByteMutator.Mutate(random, seeds[random.Next(seeds.Count)], interesting, maxEdits: 4);
            SipParseError error = message.Parse(mutated);
            outcomes.Add(error);
            if (error == SipParseError.None)
            {
                ExerciseAccessors(message);
            }
            else
            {
                using var output = new SipPooledBufferWriter();
                SipResponseBuilder.TryWriteErrorResponse(new SipMessageWriter(output), message, error, "fuzz"u8);
            }

            var sequence = new ReadOnlySequence<byte>(mutated);
            while (SipStreamFramer.TryReadMessage(ref sequence, SipParserLimits.Default, out SipFrame frame) && frame.Kind != SipFrameKind.Invalid)
            {
            }
        }

        // The mutations must reach both acceptance and a spread of rejection reasons to mean anything.
        Assert.Contains(SipParseError.None, outcomes);
        Assert.True(outcomes.Count > 10, $"only {outcomes.Count} distinct outcomes");
    }

    private static void ExerciseAccessors(SipMessage message)
    {
        foreach (SipHeaderKind kind in new[] { SipHeaderKind.Via, SipHeaderKind.Contact, SipHeaderKind.Route, SipHeaderKind.RecordRoute })
        {
            foreach (ReadOnlyMemory<byte> value in message.GetValues(kind))
            {
                if (SipVia.TryParse(value, out SipVia via))
                {
                    via.TryGetParameter("branch"u8, out _);
                }

                if (SipNameAddress.TryParse(value, out SipNameAddress address))
                {
                    address.TryGetExpires(out _);
                    address.Uri.TryGetParameter("lr"u8, out _);
                }
            }
        }

        message.TryGetDeltaSeconds(SipHeaderKind.SessionExpires, out _);
        using var output = new SipPooledBufferWriter();
        if (message.IsRequest)
        {
            SipResponseBuilder.WriteResponseHeaders(new SipMessageWriter(output), message, 200, "OK"u8, "t"u8, "192.0.2.1"u8, 5060);
        }
    }
}
