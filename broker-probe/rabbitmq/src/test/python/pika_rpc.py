#!/usr/bin/env python3
"""RPC peers written with pika (python3-pika), for the interop tests and the benchmark.

  pika_rpc.py worker URL QUEUE [PREFETCH]   an RPC worker as in RabbitMQ's tutorial: echo the body
                                            to reply_to with the correlation_id, then ack; prints
                                            "ready" once consuming; SIGTERM ends it
  pika_rpc.py client URL QUEUE N            sends N requests with direct reply-to and checks each
                                            reply; prints "ok N" and exits 0 when all came back

URL has no password: it comes from $YOGURT_AMQP_PASSWORD. amqps:// uses TLS with the CA file in
$YOGURT_TEST_AMQP_CA when set.
"""
import os
import signal
import ssl
import sys
import time
import urllib.parse
import uuid

import pika


def parameters(url):
    u = urllib.parse.urlparse(url)
    tls = u.scheme == "amqps"
    options = None
    if tls:
        context = ssl.create_default_context(cafile=os.environ.get("YOGURT_TEST_AMQP_CA"))
        options = pika.SSLOptions(context, u.hostname)
    vhost = urllib.parse.unquote(u.path[1:]) if len(u.path) > 1 else "/"
    return pika.ConnectionParameters(
        host=u.hostname,
        port=u.port or (5671 if tls else 5672),
        virtual_host=vhost,
        credentials=pika.PlainCredentials(
            urllib.parse.unquote(u.username or "guest"), os.environ["YOGURT_AMQP_PASSWORD"]
        ),
        ssl_options=options,
    )


def worker(url, queue, prefetch):
    connection = pika.BlockingConnection(parameters(url))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=prefetch)

    def on_request(ch, method, props, body):
        ch.basic_publish(
            exchange="",
            routing_key=props.reply_to,
            properties=pika.BasicProperties(correlation_id=props.correlation_id),
            body=body,
        )
        ch.basic_ack(delivery_tag=method.delivery_tag)

    channel.basic_consume(queue=queue, on_message_callback=on_request, consumer_tag="pika-worker")
    def stop(*_):
        # Raised inside start_consuming, so it ends at once (stop_consuming waits for a timer).
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    channel.start_consuming()


def client(url, queue, n):
    connection = pika.BlockingConnection(parameters(url))
    channel = connection.channel()
    replies = {}

    def on_reply(ch, method, props, body):
        replies[props.correlation_id] = body

    channel.basic_consume(queue="amq.rabbitmq.reply-to", on_message_callback=on_reply, auto_ack=True)
    sent = {}
    for i in range(n):
        cid = str(uuid.uuid4())
        body = ("pika %d" % i).encode()
        sent[cid] = body
        channel.basic_publish(
            exchange="",
            routing_key=queue,
            properties=pika.BasicProperties(reply_to="amq.rabbitmq.reply-to", correlation_id=cid),
            body=body,
        )
    end = time.monotonic() + 30
    while len(replies) < n and time.monotonic() < end:
        connection.process_data_events(time_limit=1)
    wrong = [cid for cid, body in sent.items() if replies.get(cid) != body]
    connection.close()
    if wrong:
        print("missing or wrong replies: %d of %d" % (len(wrong), n), flush=True)
        sys.exit(1)
    print("ok %d" % n, flush=True)


if __name__ == "__main__":
    mode, url, queue = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "worker":
        worker(url, queue, int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    elif mode == "client":
        client(url, queue, int(sys.argv[4]))
    else:
        sys.exit("usage: pika_rpc.py worker|client URL QUEUE [N]")
