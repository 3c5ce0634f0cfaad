# A real SMTP server for the digest tests (Debian python3-aiosmtpd), on loopback.
# Used by tests/Recommender.Digests.Tests. Usage: smtp_sink.py PORT DIR [--count-only]
# Every accepted message is written to DIR/messages/<queue id>.eml (or only counted, in DIR/count
# at exit). Control files in DIR change its answers while it runs:
#   tempfail   RCPT is answered 451 (transient)
#   delay      DATA waits this many seconds before answering
# A recipient whose local part starts with "bounce" is refused with 550 (permanent).
import asyncio
import os
import signal
import sys
import uuid

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory, count_only):
        self.directory = directory
        self.messages = os.path.join(directory, "messages")
        self.count_only = count_only
        self.count = 0
        os.makedirs(self.messages, exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("bounce"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if os.path.exists(os.path.join(self.directory, "tempfail")):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        delay = os.path.join(self.directory, "delay")
        if os.path.exists(delay):
            with open(delay) as f:
                await asyncio.sleep(float(f.read().strip() or "0"))
        queue_id = uuid.uuid4().hex[:16]
        self.count += 1
        if not self.count_only:
            path = os.path.join(self.messages, queue_id + ".eml")
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content)
            os.replace(path + ".tmp", path)
        return "250 2.0.0 Ok: queued as %s" % queue_id


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    sink = Sink(directory, "--count-only" in sys.argv)
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", data_size_limit=10 * 1024 * 1024), "127.0.0.1", port))

    def stop(*_):
        with open(os.path.join(directory, "count"), "w") as f:
            f.write(str(sink.count))
        loop.stop()

    loop.add_signal_handler(signal.SIGTERM, stop)
    print("ready", flush=True)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
