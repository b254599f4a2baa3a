namespace Appliance.Sip.Tests.Message;

/// <summary>Seeded fuzzing edits: replaces, inserts or removes a few bytes, favouring bytes the grammar cares about.</summary>
internal static class ByteMutator
{
    public static byte[] Mutate(Random random, byte[] seed, byte[] interesting, int maxEdits)
    {
        List<byte> bytes = [.. seed];
        for (int e = 1 + random.Next(maxEdits); e > 0 && bytes.Count > 0; e--)
        {
            int at = random.Next(bytes.Count);
            byte value = random.Next(2) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }
}
