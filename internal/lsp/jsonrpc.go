package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 error codes, and those LSP adds.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
)

// maxMessage bounds a message body: an editor buffer larger than this is no
// etcd deployment file.
const maxMessage = 64 << 20

// message is any JSON-RPC 2.0 message: a request has an ID and a method, a
// notification a method only, a response an ID and a result or an error.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

// rpcError is the error of a response.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (%d)", e.Message, e.Code) }

// conn reads and writes Content-Length framed messages (the LSP base
// protocol). Writes are serialised; reads are not (one reader loop).
type conn struct {
	r  *bufio.Reader
	mu sync.Mutex
	w  io.Writer
}

// errFraming is a header block that does not frame a body: the message is
// skipped, the stream goes on at the next header.
type errFraming struct{ msg string }

func (e errFraming) Error() string { return e.msg }

// read returns the body of the next message. io.EOF means the stream ended
// between messages. A header block without a usable Content-Length is an
// errFraming; header lines that are not "Name: value" are ignored.
func (c *conn) read() ([]byte, error) {
	length := -1
	lines := 0
	var bad error
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			if err == io.EOF && lines == 0 && strings.TrimSpace(line) == "" {
				return nil, io.EOF
			}
			return nil, io.ErrUnexpectedEOF
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if lines == 0 {
				continue // a stray blank line between messages
			}
			break
		}
		lines++
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = errFraming{fmt.Sprintf("malformed header line %q", line)}
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return nil, errFraming{fmt.Sprintf("bad Content-Length %q", strings.TrimSpace(value))}
			}
			length = n
		}
	}
	if length < 0 {
		if bad != nil {
			return nil, bad
		}
		return nil, errFraming{"message without a Content-Length header"}
	}
	if length > maxMessage {
		if _, err := io.CopyN(io.Discard, c.r, int64(length)); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, errFraming{fmt.Sprintf("message of %d bytes is larger than %d", length, maxMessage)}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return body, nil
}

// write sends one message.
func (c *conn) write(m *message) error {
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err = c.w.Write(buf.Bytes())
	return err
}

// reply answers the request with id: result, or err when it is not nil.
func (c *conn) reply(id json.RawMessage, result any, err *rpcError) error {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	m := &message{ID: id}
	if err != nil {
		m.Error = err
		return c.write(m)
	}
	data, merr := json.Marshal(result)
	if merr != nil {
		m.Error = &rpcError{Code: codeInternalError, Message: merr.Error()}
		return c.write(m)
	}
	m.Result = data
	return c.write(m)
}

// notify sends a notification.
func (c *conn) notify(method string, params any) error {
	data, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return c.write(&message{Method: method, Params: data})
}
