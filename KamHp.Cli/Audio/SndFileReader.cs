using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KamHp.Cli.Audio;

/// <summary>
/// Decodes any file libsndfile reads (FLAC, Ogg Vorbis, MP3, AIFF, W64, RF64, WAV, ...) from a seekable
/// <see cref="Stream"/>, through libsndfile's virtual I/O, so files, pipes read into memory and tests share one path.
/// </summary>
/// <remarks>
/// Integer PCM (WAV/AIFF/FLAC/W64/RF64) is read as 32-bit integers and scaled by 2^-31 here, so value k of b bits
/// becomes exactly k / 2^(b-1), the full scale <see cref="WavFile"/> uses; lossy codecs (Vorbis, MP3) and float
/// files are read as floats, which libsndfile normalises to the same full scale.
/// </remarks>
internal static unsafe class SndFileReader
{
    private const int FramesPerRead = 8192;

    /// <summary>Reads the whole stream; <paramref name="name"/> is how errors name it.</summary>
    /// <exception cref="WavFormatException">Not audio libsndfile knows, malformed, or more than two channels (one-line message).</exception>
    /// <param name="stream">Seekable; read from its start.</param>
    /// <param name="name">How messages name the input.</param>
    /// <param name="maxChannels">Most channels accepted (2 unless the caller mixes down, <see cref="Downmix"/>).</param>
    public static (AudioClip Clip, AudioContainer Container) Read(Stream stream, string name, int maxChannels = 2)
    {
        var (file, handle, info, container) = Open(stream, name, maxChannels);
        try
        {
            float[][] channels = ReadAll(file, info, IsInteger(info), name);
            return (new AudioClip(info.SampleRate, channels), container);
        }
        finally
        {
            _ = LibSndFile.Close(file);
            handle.Free();
        }
    }

    /// <summary>
    /// A reader of the stream's samples in blocks. Where libsndfile only estimates the length (MP3, Ogg, or no length),
    /// the stream is decoded once to count its frames (a block at a time, nothing kept) and then opened again from its
    /// start: the frame count is exact, as <see cref="Read"/> would find it, and memory still does not grow with the
    /// length, at the price of decoding twice. The reader owns <paramref name="stream"/>.
    /// </summary>
    /// <exception cref="WavFormatException">As <see cref="Read"/>.</exception>
    public static IAudioBlockReader OpenBlocks(Stream stream, string name, int maxChannels = 2)
    {
        var (file, handle, info, container) = Open(stream, name, maxChannels);
        int major = info.Format & ~LibSndFile.SubtypeMask;
        long frames = info.Frames;
        if (major is LibSndFile.FormatMpeg or LibSndFile.FormatOgg || info.Frames <= 0)
        {
            try
            {
                frames = CountFrames(file, info, name);
            }
            finally
            {
                _ = LibSndFile.Close(file);
                handle.Free();
            }

            (file, handle, info, container) = Open(stream, name, maxChannels);
        }

        return new BlockReader(file, handle, info, container, IsInteger(info), name, frames);
    }

    /// <summary>Frames the decoder delivers until it stops, read a block at a time into scratch.</summary>
    private static long CountFrames(nint file, LibSndFile.SfInfo info, string name)
    {
        bool integer = IsInteger(info);
        var floats = new float[FramesPerRead * info.Channels];
        var ints = integer ? new int[FramesPerRead * info.Channels] : [];
        long total = 0;
        for (long got; (got = ReadInterleaved(file, integer, info.Channels, floats, ints, FramesPerRead)) > 0;)
        {
            total += got;
        }

        if (LibSndFile.Error(file) != 0)
        {
            throw new WavFormatException(name, $"cannot be decoded ({LibSndFile.LastError(file)})");
        }

        return total;
    }

    private static bool IsInteger(LibSndFile.SfInfo info) => (info.Format & LibSndFile.SubtypeMask) is LibSndFile.SubtypePcmS8 or LibSndFile.SubtypePcm16
        or LibSndFile.SubtypePcm24 or LibSndFile.SubtypePcm32 or LibSndFile.SubtypePcmU8;

    /// <summary>Opens and checks the stream; the caller closes the file and frees the handle.</summary>
    private static (nint File, GCHandle Handle, LibSndFile.SfInfo Info, AudioContainer Container) Open(Stream stream, string name, int maxChannels)
    {
        if (!LibSndFile.IsAvailable)
        {
            throw new WavFormatException(name, LibSndFile.MissingMessage("this format"));
        }

        var io = new LibSndFile.VirtualIo
        {
            GetLength = &GetLength,
            Seek = &Seek,
            Read = &ReadBytes,
            Write = &WriteBytes,
            Tell = &Tell,
        };
        var handle = GCHandle.Alloc(stream);
        try
        {
            var info = default(LibSndFile.SfInfo);
            stream.Position = 0;
            nint file = LibSndFile.OpenVirtual(&io, LibSndFile.ModeRead, ref info, GCHandle.ToIntPtr(handle));
            if (file == 0)
            {
                throw new WavFormatException(name, $"not a supported audio file ({LibSndFile.LastError(0)})");
            }

            try
            {
                AudioContainer container = AudioContainers.FromSndFileFormat(info.Format);
                if (info.Channels < 1 || info.Channels > maxChannels)
                {
                    throw new WavFormatException(name, Downmix.TooManyChannels(info.Channels, maxChannels));
                }

                if (info.SampleRate <= 0)
                {
                    throw new WavFormatException(name, $"sample rate is {info.SampleRate} Hz");
                }

                return (file, handle, info, container);
            }
            catch
            {
                _ = LibSndFile.Close(file);
                throw;
            }
        }
        catch
        {
            handle.Free();
            throw;
        }
    }

    /// <summary>Reads <paramref name="count"/> frames at most (up to <see cref="FramesPerRead"/>), interleaved, into <paramref name="floats"/>.</summary>
    private static long ReadInterleaved(nint file, bool integer, int channelCount, float[] floats, int[] ints, int count)
    {
        long got;
        if (integer)
        {
            fixed (int* p = ints)
            {
                got = LibSndFile.ReadFramesInt(file, p, count);
            }

            for (int i = 0; i < got * channelCount; i++)
            {
                floats[i] = (float)(ints[i] * (1.0 / 2147483648.0));
            }
        }
        else
        {
            fixed (float* p = floats)
            {
                got = LibSndFile.ReadFramesFloat(file, p, count);
            }
        }

        return got;
    }

    private static float[][] ReadAll(nint file, LibSndFile.SfInfo info, bool integer, string name)
    {
        int channelCount = info.Channels;
        // The declared length is a hint (MP3 lengths are estimates): read until the decoder stops.
        long hint = info.Frames is > 0 and < int.MaxValue ? info.Frames : FramesPerRead;
        var channels = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            channels[c] = new float[hint];
        }

        int total = 0;
        var floats = new float[FramesPerRead * channelCount];
        var ints = integer ? new int[FramesPerRead * channelCount] : [];
        while (true)
        {
            long got = ReadInterleaved(file, integer, channelCount, floats, ints, FramesPerRead);

            if (got <= 0)
            {
                break;
            }

            if ((long)total + got > Array.MaxLength)
            {
                throw new WavFormatException(name, "too long to hold in memory (over 2^31 frames)");
            }

            if (total + got > channels[0].Length)
            {
                int capacity = (int)Math.Min(Array.MaxLength, Math.Max(total + got, (long)channels[0].Length * 2));
                for (int c = 0; c < channelCount; c++)
                {
                    Array.Resize(ref channels[c], capacity);
                }
            }

            for (int i = 0; i < got; i++)
            {
                for (int c = 0; c < channelCount; c++)
                {
                    channels[c][total + i] = floats[(i * channelCount) + c];
                }
            }

            total += (int)got;
        }

        if (LibSndFile.Error(file) != 0)
        {
            throw new WavFormatException(name, $"cannot be decoded ({LibSndFile.LastError(file)})");
        }

        for (int c = 0; c < channelCount; c++)
        {
            if (channels[c].Length != total)
            {
                Array.Resize(ref channels[c], total);
            }
        }

        return channels;
    }

    /// <summary>libsndfile's samples in blocks (sf_readf_int/sf_readf_float), the same values <see cref="Read"/> returns.</summary>
    private sealed class BlockReader(nint file, GCHandle handle, LibSndFile.SfInfo info, AudioContainer container, bool integer, string name, long frameCount) : IAudioBlockReader
    {
        private readonly float[] _floats = new float[FramesPerRead * info.Channels];
        private readonly int[] _ints = integer ? new int[FramesPerRead * info.Channels] : [];
        private nint _file = file;

        public int SampleRateHz => info.SampleRate;

        public int ChannelCount => info.Channels;

        public long FrameCount => frameCount;

        public AudioContainer Container => container;

        public IReadOnlyList<string> Notes => [];

        public int Read(float[][] destination, int count)
        {
            int channelCount = info.Channels;
            int done = 0;
            while (done < count)
            {
                long got = ReadInterleaved(_file, integer, channelCount, _floats, _ints, Math.Min(FramesPerRead, count - done));
                if (got <= 0)
                {
                    if (LibSndFile.Error(_file) != 0)
                    {
                        throw new WavFormatException(name, $"cannot be decoded ({LibSndFile.LastError(_file)})");
                    }

                    break;
                }

                for (int i = 0; i < got; i++)
                {
                    for (int c = 0; c < channelCount; c++)
                    {
                        destination[c][done + i] = _floats[(i * channelCount) + c];
                    }
                }

                done += (int)got;
            }

            return done;
        }

        public void Dispose()
        {
            if (_file != 0)
            {
                _ = LibSndFile.Close(_file);
                _file = 0;
                var stream = (Stream)handle.Target!;
                handle.Free();
                stream.Dispose();
            }
        }
    }

    private static Stream StreamOf(nint userData) => (Stream)GCHandle.FromIntPtr(userData).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long GetLength(nint userData) => StreamOf(userData).Length;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long Seek(long offset, int whence, nint userData)
    {
        Stream stream = StreamOf(userData);
        long target = whence switch
        {
            1 => stream.Position + offset,
            2 => stream.Length + offset,
            _ => offset,
        };
        if (target < 0)
        {
            return -1;
        }

        stream.Position = target;
        return target;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long ReadBytes(void* destination, long count, nint userData)
    {
        try
        {
            var span = new Span<byte>(destination, (int)Math.Min(count, int.MaxValue));
            return StreamOf(userData).ReadAtLeast(span, span.Length, throwOnEndOfStream: false);
        }
        catch (IOException)
        {
            // An exception must not cross into native code; libsndfile sees a short read and reports an error.
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long WriteBytes(void* source, long count, nint userData) => 0;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long Tell(nint userData) => StreamOf(userData).Position;
}
