using KamHp.Vst3.Interop;

namespace KamHp.Vst3;

/// <summary>
/// The host's audio buffers of one process call, trusting only what the host has shown to exist. numInputs/numOutputs
/// are bus counts, but Carla 2.5 passes its channel counts there (2 and 6) with ONE AudioBusBuffers struct per side:
/// where a host claims more buses than KamHp declares, only bus 0 is touched. A bus holds at most 64 channels (a VST3
/// speaker arrangement is a 64-bit set), so no channel pointer past 64 is read. Null arrays and null channel pointers
/// are normal and mean "no buffer".
/// </summary>
internal static unsafe class HostBuses
{
    /// <summary>Channels of one bus KamHp may touch: one per bit of a speaker arrangement.</summary>
    public const int MaxChannels = 64;

    /// <summary>How many bus structs of <paramref name="buses"/> may be touched.</summary>
    public static int TrustedCount(AudioBusBuffers* buses, int claimed, int declared) =>
        buses == null || claimed <= 0 ? 0 : claimed <= declared ? claimed : 1;

    /// <summary>Bus <paramref name="index"/>, or null when the host did not show it to exist.</summary>
    public static AudioBusBuffers* Bus(AudioBusBuffers* buses, int trusted, int index) =>
        index < trusted ? buses + index : null;

    /// <summary>Channel <paramref name="channel"/> of <paramref name="bus"/> as <paramref name="n"/> samples, or empty.</summary>
    public static Span<float> Channel(AudioBusBuffers* bus, int channel, int n)
    {
        if (bus == null || channel >= ChannelCount(bus) || bus->ChannelBuffers32 == null)
        {
            return default;
        }

        var samples = bus->ChannelBuffers32[channel];
        return samples == null ? default : new Span<float>(samples, n);
    }

    /// <summary>
    /// After the model wrote its channels: zeroes every channel KamHp did not write (all channels of an inactive bus,
    /// channels from <paramref name="writtenChannels"/> on of an active one, so no stale host data is left), and sets
    /// each trusted bus's silence flags from its content.
    /// </summary>
    public static void Finish(AudioBusBuffers* buses, int trusted, ReadOnlySpan<bool> active, int writtenChannels, int n)
    {
        for (var b = 0; b < trusted; b++)
        {
            var bus = buses + b;
            var written = b < active.Length && active[b] ? writtenChannels : 0;
            ulong flags = 0;
            var channels = ChannelCount(bus);
            for (var c = 0; c < channels; c++)
            {
                var samples = Channel(bus, c, n);
                if (samples.IsEmpty)
                {
                    continue;
                }

                if (c >= written)
                {
                    samples.Clear();
                }

                if (samples.IndexOfAnyExcept(0f) < 0)
                {
                    flags |= 1UL << c;
                }
            }

            bus->SilenceFlags = flags;
        }
    }

    private static int ChannelCount(AudioBusBuffers* bus) => Math.Clamp(bus->NumChannels, 0, MaxChannels);
}
